"""What pages and the API show of an article: one place, so HTML and JSON agree."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Path

from khabar.arabic import format_date, format_relative
from khabar.search import Hit
from khabar.store import Article, Store
from khabar.store.records import iso_utc

#: a record id in a path: a positive 64-bit integer
RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]

#: characters of body shown as a teaser when an article has no summary
TEASER_CHARS = 240


def teaser(article: Article) -> str:
    text = article.summary or article.body
    first = text.split("\n", 1)[0]
    return first if len(first) <= TEASER_CHARS else first[:TEASER_CHARS].rsplit(" ", 1)[0] + " …"


def display_date(value: datetime | None) -> dict | None:
    """The date as a reader sees it: 'الجمعة 20 سبتمبر 2024', 'منذ ساعتين', and ISO."""
    if value is None:
        return None
    return {"text": format_date(value), "relative": format_relative(value), "iso": iso_utc(value)}


def article_summary_json(article: Article) -> dict:
    """An article in a list (the API's and the CLI's list items)."""
    return {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "source": article.source,
        "published_at": iso_utc(article.published_at),
        "summary": teaser(article),
        "category": article.category,
    }


def hit_json(hit: Hit) -> dict:
    item = article_summary_json(hit.article)
    item["snippet"] = hit.snippet_html
    item["score"] = round(hit.score, 4)
    return item


#: output feed formats: (extension, media type, label)
FEED_FORMATS = (
    ("rss", "application/rss+xml", "RSS"),
    ("atom", "application/atom+xml", "Atom"),
    ("json", "application/feed+json", "JSON Feed"),
)


def feed_links(path_for) -> list[dict]:  # noqa: ANN001 - fmt -> path
    """The output feeds of a page, for <link rel="alternate"> and the page's "تابع" links."""
    return [{"type": media, "label": label, "href": path_for(ext)} for ext, media, label in FEED_FORMATS]


def sources_health(store: Store) -> list[dict]:
    """Every source as the sources page, /api/sources and the admin show it: its fields, its
    health and its number of articles (counted for all sources in one query)."""
    counts = store.article_counts_by_source()
    rows = []
    for source in store.sources():
        row = source.to_json()
        row["status"] = source.health
        row["articles"] = counts.get(source.id, 0)
        rows.append(row)
    return rows


#: what each status is called on the sources page
STATUS_LABELS = {
    "ok": "يعمل",
    "failing": "أخطاء متكررة",
    "unreachable": "تعذر الوصول",
    "new": "لم يُفحص بعد",
    "paused": "متوقف مؤقتاً",
}


def search_text(q: str, date_from: str, date_to: str) -> str:
    """The query with a form's date fields added as typed filters."""
    parts = [q]
    if date_from:
        parts.append(f'from:"{date_from}"')
    if date_to:
        parts.append(f'to:"{date_to}"')
    return " ".join(parts)
