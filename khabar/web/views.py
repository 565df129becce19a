"""What pages and the API show of an article: one place, so HTML and JSON agree."""

from __future__ import annotations

from datetime import datetime

from khabar.arabic import format_date, format_relative
from khabar.search import Hit
from khabar.store import Article
from khabar.store.records import iso_utc

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
