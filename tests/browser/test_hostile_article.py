"""A hostile article (scripts, javascript: links, event handlers, an iframe) runs nothing."""

from __future__ import annotations

import pytest

from khabar.pipeline.importer import prepare_record
from khabar.web.app import create_app
from tests.browser.conftest import serving
from tests.conftest import record

pytestmark = pytest.mark.browser

HOSTILE = {
    "title": '<script>alert("title")</script>عنوان <img src=x onerror=alert(1)>',
    "body": (
        '<script>alert("body")</script>\n'
        '<a href="javascript:alert(2)">رابط</a> <iframe src="javascript:alert(3)"></iframe>\n'
        '<div onmouseover="alert(4)" style="width:100%;height:300px">مرر هنا</div>\n'
        "<svg onload=alert(5)></svg> نص عادي"
    ),
    "url": "javascript:alert(6)",
    "keywords": ['<script>alert("tag")</script>'],
    "author": '"><script>alert(7)</script>',
}


def test_hostile_article_shows_as_text_and_runs_no_script(page, store):
    from datetime import datetime, timezone

    [result] = store.add_articles([prepare_record(record(**HOSTILE), None, datetime.now(timezone.utc))])
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    with serving(create_app(store)) as url:
        for path in (f"/articles/{result.article_id}", "/", "/search?q=%D9%86%D8%B5"):
            page.goto(url + path)
            page.mouse.move(300, 500)
            page.wait_for_timeout(200)
        assert page.locator("iframe").count() == 0
        page.goto(url + f"/articles/{result.article_id}")
        assert "<script>" in page.locator("h1.article-title").inner_text()  # shown as text
        assert page.locator("a[href^='javascript:']").count() == 0
    assert dialogs == []
    assert [e for e in errors if "alert" in e or "Content Security Policy" in e] == []
