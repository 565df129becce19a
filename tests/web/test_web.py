"""Pages and their JSON twins, over the sample articles."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from khabar.web.app import create_app
from tests.conftest import record


def test_home_is_rtl_arabic_with_latest_articles(client):
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.text
    assert "مدرسة جديدة في القرية" in page.text
    assert page.text.index("مدرسة جديدة") < page.text.index("إدارة ترامب")  # newest first
    assert 'rel="alternate" type="application/json"' in page.text


def test_home_when_empty_says_how_to_import(store):
    page = TestClient(create_app(store)).get("/")
    assert "لا توجد أخبار بعد" in page.text


def test_article_page_shows_date_in_arabic_source_and_original_link(client):
    [item] = client.get("/api/search", params={"q": "ادارة"}).json()["items"]
    page = client.get(f"/articles/{item['id']}")
    assert page.status_code == 200
    assert "الثلاثاء 8 مايو 2018" in page.text
    assert "المصدر:" in page.text and "سكاي نيوز عربية" in page.text
    assert 'href="https://example.com/news/1" rel="noopener noreferrer nofollow"' in page.text


def test_article_text_is_escaped(store):
    [r] = store.add_articles(
        [record(title="<script>alert(1)</script>عنوان", body='<img src=x onerror="alert(1)">نص')]
    )
    page = TestClient(create_app(store)).get(f"/articles/{r.article_id}")
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;" in page.text
    assert "<img src=x" not in page.text


def test_search_page_keeps_query_and_marks_matches(client):
    page = client.get("/search", params={"q": "ادارة"})
    assert page.status_code == 200
    assert 'value="ادارة"' in page.text
    assert "<mark>إدارة</mark>" in page.text
    assert "نتيجة واحدة" in page.text


@pytest.mark.parametrize("q", ["في", "-غزة", '"', "((("])
def test_search_page_explains_a_query_it_cannot_run(client, q):
    page = client.get("/search", params={"q": q})
    assert page.status_code in (200, 400)
    assert "Traceback" not in page.text
    if page.status_code == 400:
        assert 'role="alert"' in page.text


def test_api_articles_and_article(client):
    listing = client.get("/api/articles", params={"limit": 2}).json()
    assert listing["total"] == 5 and len(listing["items"]) == 2
    first = listing["items"][0]
    assert set(first) >= {"id", "url", "title", "source", "published_at"}
    full = client.get(f"/api/articles/{first['id']}").json()
    assert full["body"] and isinstance(full["keywords"], list) and "dateline" in full
    assert isinstance(full["entities"], list)


def test_api_search_returns_snippets(client):
    body = client.get("/api/search", params={"q": "النفط", "sort": "newest"}).json()
    assert body["total"] == 2
    assert all("snippet" in i and "<mark>" in i["snippet"] for i in body["items"])


@pytest.mark.parametrize(
    "path, status, code",
    [
        ("/api/articles/999999", 404, "NotFound"),
        ("/api/search?q=%D9%81%D9%8A", 400, "QueryError"),
        ("/api/search?q=x&limit=100000", 422, "InvalidParameter"),
        ("/api/nothing-here", 404, "HTTPError"),
    ],
)
def test_api_errors_are_json_objects(client, path, status, code):
    response = client.get(path)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]


def test_missing_page_is_an_arabic_page(client):
    page = client.get("/articles/999999")
    assert page.status_code == 404 and "المقال غير موجود" in page.text


def test_security_headers(client):
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_openapi_documents_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/articles", "/api/articles/{article_id}", "/api/search"} <= set(paths)


@pytest.mark.parametrize(
    "url, shown",
    [
        ("https://example.com/a", True),
        ("javascript:alert(1)", False),
        (" JaVa\tScript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
    ],
)
def test_only_http_links_to_the_original(store, url, shown):
    [r] = store.add_articles([record(url=url)])
    page = TestClient(create_app(store)).get(f"/articles/{r.article_id}")
    assert ("اقرأ الخبر في موقعه الأصلي" in page.text) == shown
    assert "javascript:" not in page.text.lower().replace(" ", "")


def test_arabic_webfont_is_served_from_debian_fonts(client):
    from khabar.web.fonts import FONT_DIR

    response = client.get("/fonts/NotoNaskhArabic-Regular.ttf")
    if not (FONT_DIR / "NotoNaskhArabic-Regular.ttf").exists():
        assert response.status_code == 404
        pytest.skip("fonts-noto-core is not installed")
    assert response.status_code == 200 and response.headers["content-type"] == "font/ttf"
    assert client.get("/fonts/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/fonts/NotoKufiArabic-Regular.ttf").status_code == 404
    assert "/fonts/NotoNaskhArabic-Regular.ttf" in client.get("/static/style.css").text


def test_article_twin_carries_story_copies_and_related(client):
    first = client.get("/api/articles", params={"limit": 1}).json()["items"][0]
    document = client.get(f"/api/articles/{first['id']}").json()
    assert {"story_id", "also_reported_by", "duplicates", "related"} <= set(document)
    assert isinstance(document["related"], list)


def test_an_article_kept_from_its_feed_says_so(store):
    [r] = store.add_articles([record(body_origin="feed", page_error="timeout")])
    page = TestClient(create_app(store)).get(f"/articles/{r.article_id}")
    assert "هذا نص الخلاصة فقط" in page.text and "timeout" in page.text


def test_an_unreachable_database_is_a_503_with_retry_after():
    from khabar.store import open_store

    down = open_store("postgresql://postgres@127.0.0.1:1/khabar?connect_timeout=2", migrate=False)
    client = TestClient(create_app(down), raise_server_exceptions=False)
    page, api = client.get("/"), client.get("/api/articles")
    assert page.status_code == api.status_code == 503
    assert "قاعدة البيانات غير متاحة" in page.text and page.headers["Retry-After"] == "30"
    assert api.json()["error"]["code"] == "DatabaseUnavailable"


def test_a_capped_count_is_shown_as_a_lower_bound(client, monkeypatch):
    import khabar.store.postgres
    import khabar.store.sqlite
    import khabar.store.tantivy_search

    for module in (khabar.store.sqlite, khabar.store.postgres, khabar.store.tantivy_search):
        monkeypatch.setattr(module, "COUNT_CAP", 1)
    api = client.get("/api/search", params={"q": "النفط OR غزة"}).json()
    assert api["total"] == 1 and api["total_is_lower_bound"] is True
    assert "أكثر من 1 نتيجة" in client.get("/search", params={"q": "النفط OR غزة"}).text


def test_the_search_form_lists_the_outlets_kept_for_a_minute(store, monkeypatch):
    from khabar.web import pages

    client = TestClient(create_app(store))
    store.follow_source(name="مصدر أول", feed_url="https://first.example/feed")
    assert "مصدر أول" in client.get("/search").text
    store.follow_source(name="مصدر ثان", feed_url="https://second.example/feed")
    assert "مصدر ثان" not in client.get("/search").text  # kept: not read on every page
    monkeypatch.setattr(pages, "SOURCES_TTL", 0.0)
    assert "مصدر ثان" in client.get("/search").text


def test_searches_read_the_names_spellings_once_a_minute(store, monkeypatch):
    from khabar.store.tags import NAME_VARIANTS_MODEL
    from khabar.web import personal

    store.save_model(NAME_VARIANTS_MODEL, {})
    read = []
    real = store.load_model
    monkeypatch.setattr(store, "load_model", lambda name: read.append(name) or real(name))
    client = TestClient(create_app(store))
    for q in ("المنتخب", "النفط", "ترامب"):
        assert client.get("/search", params={"q": q}).status_code == 200
    assert read.count(NAME_VARIANTS_MODEL) == 1
    monkeypatch.setattr(personal, "VARIANTS_TTL", 0.0)
    client.get("/search", params={"q": "المنتخب"})
    assert read.count(NAME_VARIANTS_MODEL) == 2
