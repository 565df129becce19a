"""Structured logs: human and JSON lines, context fields, and no secret in any line."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from khabar import logs
from khabar.settings import load_settings
from khabar.store import open_store
from khabar.web.app import create_app

DB_PASSWORD = "Db-Passw0rd-7f3k"
ADMIN_PASSWORD = "Admin-Passw0rd-9q2x"
TOKEN = "Metrics-T0ken-4m8z"
SECRET_KEY = "Secret-Key-1b6n-abcdef"
SECRETS = (DB_PASSWORD, ADMIN_PASSWORD, TOKEN, SECRET_KEY)


@pytest.fixture
def captured():
    """Logging configured as the ``khabar`` command does, into a string; restored after."""
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))

    def configure(**overrides) -> io.StringIO:
        out = io.StringIO()
        logs.configure_logging(load_settings({}, **overrides), stream=out)
        return out

    yield configure
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved[1]:
        root.addHandler(handler)
    root.setLevel(saved[0])


def json_lines(out: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def test_json_lines_parse_and_carry_the_context(captured):
    out = captured(log_format="json", log_level="debug")
    log = logging.getLogger("khabar.pipeline.poll")
    logs.bind(stage="poll", source_id=7)
    log.info("poll: %s: %s", "وكالة", "fetched")
    log.warning("stored", extra={"article_id": 42})
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("failed")
    logs.bind(stage=None, source_id=None)
    logging.getLogger("khabar.store.sql").info("no context")
    lines = json_lines(out)
    assert [x["message"] for x in lines] == ["poll: وكالة: fetched", "stored", "failed",
                                             "no context"]
    assert lines[0]["stage"] == "poll" and lines[0]["source_id"] == 7
    assert lines[0]["level"] == "info" and lines[0]["logger"] == "khabar.pipeline.poll"
    assert lines[0]["time"].endswith("+00:00")
    assert lines[1]["article_id"] == 42 and lines[1]["level"] == "warning"
    assert "ValueError: boom" in lines[2]["exception"]
    assert lines[3]["stage"] == "store" and "source_id" not in lines[3]


def test_human_lines_name_the_stage_and_ids(captured):
    out = captured(log_format="human")
    logs.bind(stage="poll", source_id=3)
    logging.getLogger("khabar.pipeline.poll").warning("slow")
    logs.bind(stage=None, source_id=None)
    assert out.getvalue().rstrip().endswith("WARNING poll source=3: slow")


def test_web_requests_are_logged_with_their_request_id(captured, store):
    out = captured(log_format="json")
    client = TestClient(create_app(store, settings=load_settings({})))
    answer = client.get("/search", params={"q": "نفط"}, headers={"X-Request-ID": "abc-123"})
    assert answer.headers["x-request-id"] == "abc-123"
    access = [x for x in json_lines(out) if x["logger"] == "khabar.web.access"]
    assert access and access[-1]["request_id"] == "abc-123" and access[-1]["stage"] == "web"
    assert access[-1]["message"].startswith("GET /search 200")
    assert "نفط" not in access[-1]["message"]  # paths only: a query may carry anything
    client.get("/articles/12345")
    article = [x for x in json_lines(out) if x["logger"] == "khabar.web.access"][-1]
    assert article["article_id"] == 12345 and " 404 " in article["message"]


def test_bad_log_settings_are_refused():
    with pytest.raises(ValueError, match="KHABAR_LOG_FORMAT"):
        logs.configure_logging(load_settings({}, log_format="xml"))
    with pytest.raises(ValueError, match="KHABAR_LOG_LEVEL"):
        logs.configure_logging(load_settings({}, log_level="loud"))


def test_redaction_masks_url_passwords_tokens_and_registered_secrets():
    logs.add_secret("hunter2-long")
    text = logs.redact("postgresql://khabar:s3cr%40t@db:5432/k Authorization: Bearer abc.def "
                       "password hunter2-long")
    assert text == ("postgresql://khabar:***@db:5432/k Authorization: Bearer *** "
                    "password ***")


def test_no_secret_reaches_the_logs_of_a_run(captured, pg_url, tmp_path):
    """A web session with an admin password, a metrics token and a PostgreSQL URL carrying a
    password (trust authentication ignores it), at debug level, with errors: no line holds
    any of them."""
    out = captured(log_format="json", log_level="debug", admin_password=ADMIN_PASSWORD,
                   metrics_token=TOKEN, secret_key=SECRET_KEY)
    url = make_url(pg_url).set(password=DB_PASSWORD).render_as_string(hide_password=False)
    settings = load_settings({}, admin_password=ADMIN_PASSWORD, metrics_token=TOKEN,
                             secret_key=SECRET_KEY)
    log = logging.getLogger("khabar.test")
    with open_store(url) as store:
        client = TestClient(create_app(store, settings=settings))
        login = client.get("/admin/login")
        csrf = login.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        client.post("/admin/login", data={"password": "wrong", "csrf": csrf})
        client.post("/admin/login", data={"password": ADMIN_PASSWORD, "csrf": csrf})
        assert client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
                          ).status_code == 200
        log.error("cannot connect to %s", url)
        log.info("headers: Authorization: Bearer %s", TOKEN)
        try:
            raise RuntimeError(f"login with {ADMIN_PASSWORD} failed at {url}")
        except RuntimeError:
            log.exception("boom")
    bad = make_url(url).set(port=1).render_as_string(hide_password=False)
    env = {**os.environ, "KHABAR_LOG_FORMAT": "json", "KHABAR_LOG_LEVEL": "debug",
           "KHABAR_ADMIN_PASSWORD": ADMIN_PASSWORD, "KHABAR_METRICS_TOKEN": TOKEN,
           "KHABAR_SECRET_KEY": SECRET_KEY}
    khabar = str(Path(sys.executable).parent / "khabar")
    runs = [subprocess.run([khabar, "--db", db, "doctor", "--json"],
                           env=env, capture_output=True, cwd=tmp_path, timeout=120,
                           check=False)
            for db in (url, bad)]
    text = out.getvalue() + "".join(r.stdout.decode() + r.stderr.decode() for r in runs)
    assert runs[0].returncode in (0, 1) and "checks" in runs[0].stdout.decode()
    assert "***" in text and "cannot connect to postgresql://postgres:***@" in text
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} was logged"
    for line in out.getvalue().splitlines():
        json.loads(line)


def test_services_log_from_info_and_one_shot_commands_from_warning(captured):
    from khabar.cli import SERVICES, _command

    assert _command(["--db", "serve.db", "serve", "--port", "1"]) == "serve"
    assert _command(["--db=x.db", "search", "worker"]) == "search"
    assert {"serve", "run", "worker"} == SERVICES
    captured()
    logs.configure_logging(load_settings({}), stream=io.StringIO(), default_level="warning")
    assert logging.getLogger().level == logging.WARNING
    logs.configure_logging(load_settings({}, log_level="debug"), stream=io.StringIO(),
                           default_level="warning")
    assert logging.getLogger().level == logging.DEBUG
