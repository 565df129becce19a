"""khabar serve --processes: one process serves the app itself, several are uvicorn workers
that each build the app from the environment (same database, same cookie key)."""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from khabar.cli import app
from khabar.cli.serve import MAX_DEFAULT_PROCESSES, web_processes
from khabar.store import open_store
from khabar.web.app import app_from_environment
from tests.conftest import SAMPLE_ARTICLES, _fresh


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "serve.db"
    with open_store(path) as store:
        store.add_articles(_fresh(SAMPLE_ARTICLES))
    monkeypatch.setenv("KHABAR_DB", str(path))
    monkeypatch.delenv("KHABAR_SECRET_KEY", raising=False)
    # _serve writes the workers' variables into os.environ: a copy, dropped after the test
    monkeypatch.setattr(os, "environ", os.environ.copy())
    return path


@pytest.fixture
def started(monkeypatch):
    import uvicorn

    calls: list[tuple[tuple, dict]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: calls.append((a, k)))
    return calls


def test_several_processes_are_uvicorn_workers_of_one_database_and_one_cookie_key(db, started):
    result = CliRunner().invoke(app, ["--db", str(db), "serve", "--processes", "3"])
    assert result.exit_code == 0, result.output
    (args, options), = started
    assert args == ("khabar.web.app:app_from_environment",)
    assert options["factory"] is True and options["workers"] == 3
    assert os.environ["KHABAR_DB"] == str(db)
    assert len(os.environ["KHABAR_SECRET_KEY"]) == 64  # one random key for every worker
    assert "3 processes" in result.stderr


def test_a_secret_key_that_is_set_is_kept(db, started, monkeypatch):
    monkeypatch.setenv("KHABAR_SECRET_KEY", "the operator's key")
    assert CliRunner().invoke(app, ["--db", str(db), "serve", "--processes", "2"]).exit_code == 0
    assert os.environ["KHABAR_SECRET_KEY"] == "the operator's key"


def test_one_process_serves_the_app_itself(db, started):
    assert CliRunner().invoke(app, ["--db", str(db), "serve", "--processes", "1"]).exit_code == 0
    (args, options), = started
    assert not isinstance(args[0], str) and "workers" not in options


def test_the_default_is_one_process_per_core_up_to_a_limit(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert web_processes(0) == MAX_DEFAULT_PROCESSES
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert web_processes(0) == 2
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert web_processes(0) == 1
    assert web_processes(7) == 7


def test_a_worker_builds_the_app_from_the_environment(db, monkeypatch):
    import khabar.logs

    monkeypatch.setattr(khabar.logs, "configure_logging", lambda settings: None)
    client = TestClient(app_from_environment())
    answer = client.get("/search", params={"q": "المنتخب"})
    assert answer.status_code == 200 and "<mark>" in answer.text
