"""Probes (/healthz, /readyz) and metrics (/metrics) on each backend."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime

import httpx
import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from khabar import metrics
from khabar.pipeline import import_paths
from khabar.pipeline.worker import poll
from khabar.settings import load_settings
from khabar.web.app import create_app
from tests.loopback import Loopback, article_page, rss

TOKEN = "metrics-token-for-tests"
SETTINGS = load_settings(
    {}, metrics_token=TOKEN, allow_private_networks=True, per_host_delay=0.0, retries=0,
    connect_timeout=1.0, read_timeout=2.0, total_timeout=4.0, source_timeout=8.0,
)
#: three made-up news items (title, text, time) for the loopback feed
ITEMS = [
    {"title": f"عنوان الخبر رقم {n} عن الاقتصاد", "abstract": f"ملخص الخبر {n}",
     "text": f"نص الخبر رقم {n} عن أسعار النفط والأسواق.\nفقرة ثانية من الخبر {n} بتفاصيل أكثر.",
     "time_utc": f"2026-11-2{n}T10:00:00Z"}
    for n in range(1, 4)
]


def client_for(store, **overrides) -> TestClient:
    return TestClient(create_app(store, settings=SETTINGS.replace(**overrides)))


def scrape(client: TestClient) -> dict:
    answer = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200, answer.text
    return {f.name: f for f in text_string_to_metric_families(answer.text)}


def sample(families: dict, family: str, name: str | None = None, **labels) -> float:
    return sum(s.value for s in families[family].samples
               if s.name == (name or family) and all(s.labels.get(k) == v
                                                     for k, v in labels.items()))


def test_healthz_and_readyz_answer_without_data(store):
    client = client_for(store)
    alive = client.get("/healthz")
    assert alive.status_code == 200 and alive.json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json() == {"status": "ready",
                            "checks": {"database": "ok", "schema": "current", "index": "ok"}}
    assert ready.headers["cache-control"] == "no-store"
    assert ready.headers["x-request-id"]


def test_readyz_fails_while_the_index_misses_an_article_and_recovers_after_reindex(store):
    from tests.conftest import SAMPLE_ARTICLES, _fresh

    stored = store.add_articles(_fresh(SAMPLE_ARTICLES))
    column = "rowid" if store.search_dialect in ("fts5", "tantivy") else "article_id"
    with store.engine.begin() as conn:
        conn.execute(text(f"DELETE FROM article_fts WHERE {column} = :id"),
                     {"id": stored[0].article_id})
    client = client_for(store)
    broken = client.get("/readyz")
    assert broken.status_code == 503 and broken.headers["retry-after"]
    assert broken.json()["checks"]["index"] == "incomplete"
    store.reindex()
    assert client.get("/readyz").status_code == 200


def test_readyz_fails_while_the_schema_is_behind(store):
    client = client_for(store)
    with store.engine.begin() as conn:
        current = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.json()["checks"]["schema"] == "behind"
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
        for revision in current:
            conn.execute(text("INSERT INTO alembic_version VALUES (:r)"), {"r": revision})
    assert client.get("/readyz").status_code == 200


def test_metrics_need_the_token_and_are_closed_without_one(store):
    assert client_for(store, metrics_token="").get("/metrics").status_code == 404
    client = client_for(store)
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"].startswith("Bearer")
    assert "khabar_database_up" in scrape(client)


def test_metrics_after_an_import_a_poll_and_a_search(store, tmp_path):
    client = client_for(store)
    before = scrape(client)
    # an import
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps({"title": "مستورد: " + i["title"],
                                          "text": "نص مستورد مختلف. " + i["text"][::-1],
                                          "source": "مصدر الاستيراد", "time_utc": i["time_utc"]},
                                         ensure_ascii=False) for i in ITEMS), encoding="utf-8")
    assert import_paths(store, [path]).inserted == 3
    # a poll of a loopback feed: one source that answers, one that fails
    server = Loopback()
    try:
        server.static("/feed.xml", rss(ITEMS, server.url("")), etag='"v1"')
        for n, item in enumerate(ITEMS):
            server.static(f"/a/{n}.html", article_page(item),
                          content_type="text/html; charset=utf-8")
        store.follow_source(name="وكالة الاختبار", feed_url=server.url("/feed.xml"))
        store.follow_source(name="مصدر معطل", feed_url=server.url("/missing.xml"))
        report = poll(store, everything=True, settings=SETTINGS)
    finally:
        server.close()
    assert sorted(r.outcome for r in report.results) == ["http_error", "new"]
    # a search, through the web
    assert client.get("/search", params={"q": "النفط"}).status_code == 200
    assert client.get("/articles/999999").status_code == 404
    after = scrape(client)

    expected = {
        "khabar_polls", "khabar_poll_seconds", "khabar_fetch_seconds", "khabar_articles_stored",
        "khabar_copies_folded", "khabar_stories_opened", "khabar_search_seconds",
        "khabar_http_requests", "khabar_http_request_seconds", "khabar_alert_deliveries",
        "khabar_sources_followed", "khabar_sources_failing", "khabar_due_sources",
        "khabar_due_oldest_seconds", "khabar_worker_leases_held", "khabar_db_pool_connections",
        "khabar_database_up", "khabar_schema_current", "khabar_build_info",
        "khabar_worker_claim_failures", "khabar_worker_leases_lost",
    }
    assert expected <= set(after), expected - set(after)

    def delta(family: str, name: str | None = None, **labels) -> float:
        return (sample(after, family, name, **labels)
                - (sample(before, family, name, **labels) if family in before else 0))

    assert delta("khabar_polls", "khabar_polls_total", outcome="new") == 1
    assert delta("khabar_polls", "khabar_polls_total", outcome="http_error") == 1
    assert delta("khabar_fetch_seconds", "khabar_fetch_seconds_count", kind="feed") == 2
    assert delta("khabar_fetch_seconds", "khabar_fetch_seconds_count", kind="page") == 3
    assert delta("khabar_articles_stored", "khabar_articles_stored_total", status="inserted") == 6
    assert delta("khabar_stories_opened", "khabar_stories_opened_total") >= 1
    assert delta("khabar_search_seconds", "khabar_search_seconds_count", kind="relevance") >= 1
    assert delta("khabar_http_requests", "khabar_http_requests_total", route="/search",
                 method="GET", status="200") == 1
    assert delta("khabar_http_requests", "khabar_http_requests_total",
                 route="/articles/{article_id}", status="404") == 1
    assert sample(after, "khabar_sources_followed") == 2
    assert sample(after, "khabar_sources_failing") == 1
    assert sample(after, "khabar_due_sources") == 0
    assert sample(after, "khabar_worker_leases_held") == 0
    assert sample(after, "khabar_database_up") == 1
    assert sample(after, "khabar_db_pool_connections", state="size") >= 1


def test_the_due_queue_and_its_lag_come_from_the_database(store):
    source = store.follow_source(name="مصدر متأخر", feed_url="https://example.com/feed.xml")
    store.update_source(source.id, next_check_at=datetime(2026, 1, 1, tzinfo=UTC))
    families = scrape(client_for(store))
    assert sample(families, "khabar_due_sources") == 1
    assert sample(families, "khabar_due_oldest_seconds") > 3600
    store.claim_sources("w1", datetime.now(UTC), lease_seconds=60, limit=5)
    families = scrape(client_for(store))
    assert sample(families, "khabar_worker_leases_held") == 1
    assert sample(families, "khabar_due_sources") == 0


def test_metrics_on_a_separate_address_need_no_token(store):
    host, port = metrics.start_metrics_server("127.0.0.1:0", store)
    answer = httpx.get(f"http://{host}:{port}/metrics", timeout=5)
    names = {f.name for f in text_string_to_metric_families(answer.text)}
    assert answer.status_code == 200 and {"khabar_polls", "khabar_due_sources"} <= names


def test_bad_metrics_address_is_refused():
    with pytest.raises(ValueError, match="HOST:PORT"):
        metrics.start_metrics_server("nowhere", None)


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_processes_sharing_a_metrics_dir_add_up(store, tmp_path):
    shared = tmp_path / "metrics"  # only metrics files: the client reads every *.db in it
    shared.mkdir()
    env = {"KHABAR_METRICS_DIR": str(shared), "PATH": "/usr/bin:/bin"}
    count = "from khabar import metrics; metrics.POLLS.labels('new').inc(2)"
    for _ in range(2):
        subprocess.run([sys.executable, "-c", count], env=env, check=True)
    show = "import sys; from khabar import metrics; sys.stdout.buffer.write(metrics.exposition())"
    out = subprocess.run([sys.executable, "-c", show], env=env, check=True,
                         capture_output=True).stdout.decode("utf-8")
    families = {f.name: f for f in text_string_to_metric_families(out)}
    assert sample(families, "khabar_polls", "khabar_polls_total", outcome="new") == 4
