"""The request middlewares, in plain ASGI (issue 16): what each adds to every answer, and the
store asked about the viewer only when the request carries credentials."""

from __future__ import annotations

from khabar.web import auth
from khabar.web.app import SECURITY_HEADERS
from khabar.web.auth import CSRF_COOKIE, SESSION_COOKIE
from tests.web.readers_helpers import add_user, fast_hashing, log_in, make_client  # noqa: F401


def test_every_answer_has_the_security_headers_and_a_request_id(store):
    client = make_client(store)
    for path in ("/static/style.css", "/", "/search?q=المنتخب", "/no-such-page", "/api/nothing"):
        answer = client.get(path)
        for name, value in SECURITY_HEADERS.items():
            assert answer.headers[name] == value, (path, name)
        assert answer.headers["x-request-id"], path
    given = client.get("/", headers={"X-Request-ID": "trace-1"})
    assert given.headers["x-request-id"] == "trace-1"


def test_an_anonymous_request_does_not_ask_the_store_who_is_asking(store, monkeypatch):
    asked = []
    real = auth.resolve
    monkeypatch.setattr(auth, "resolve", lambda request: asked.append(request) or real(request))
    client = make_client(store)
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/search", params={"q": "المنتخب"}).status_code == 200
    assert asked == []
    client.cookies.set(SESSION_COOKIE, "not-a-session")
    answer = client.get("/")
    assert len(asked) == 1 and answer.status_code == 200
    assert "private" not in answer.headers.get("cache-control", "")  # no such session


def test_a_logged_in_page_is_private_and_an_anonymous_form_sets_its_csrf_cookie(store):
    add_user(store, "sara")
    client = make_client(store)
    login_page = client.get("/login")
    assert CSRF_COOKIE in login_page.headers.get("set-cookie", "")
    assert log_in(client, "sara").status_code == 303
    assert client.get("/").headers["cache-control"] == "private, no-store"


def test_a_stream_is_timed_until_its_headers(store):
    from prometheus_client import REGISTRY

    def seconds() -> float:
        return REGISTRY.get_sample_value("khabar_http_request_seconds_sum",
                                         {"route": "/api/events"}) or 0.0

    client = make_client(store, live_poll_seconds=0.1, live_max_seconds=2.0)
    before = seconds()
    with client.stream("GET", "/api/events") as answer:
        assert answer.headers["x-request-id"]
        body = b"".join(answer.iter_bytes())
    assert body.startswith(b"retry:")
    assert seconds() - before < 1.5  # the stream lasted 2 s
