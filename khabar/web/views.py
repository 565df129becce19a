"""What pages and the API show of an article: one place, so HTML and JSON agree."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Path

from khabar.arabic import format_date, format_datetime, format_relative, format_span
from khabar.enrich.countries import country_name
from khabar.enrich.outlets import KIND_LABELS, catalogue
from khabar.search import Hit
from khabar.store import Article, Store
from khabar.store.records import iso_utc

#: a record id in a path: a positive 64-bit integer
RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]
#: longest tag, entity or category name in a path: no stored name comes near, and 50,000
#: characters made SQLite answer "LIKE pattern too complex", served as a database outage
MAX_NAME_CHARS = 200
Name = Annotated[str, Path(min_length=1, max_length=MAX_NAME_CHARS)]
#: longest search query or filter value read from a URL
MAX_QUERY_CHARS = 1000

#: characters of body shown as a teaser when an article has no summary
TEASER_CHARS = 240


def teaser(article: Article) -> str:
    text = article.summary or article.body
    first = text.split("\n", 1)[0]
    return first if len(first) <= TEASER_CHARS else first[:TEASER_CHARS].rsplit(" ", 1)[0] + " …"


#: within this age a date is also shown relatively ("منذ ساعتين"); older ones only absolutely
RELATIVE_WITHIN = timedelta(days=1)


def reader_zone(name: str) -> tzinfo:
    """The time zone of dates on pages: the ``time_zone`` setting, else the server's own."""
    if not name:
        return datetime.now().astimezone().tzinfo or timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"KHABAR_TIME_ZONE: unknown time zone {name!r} "
                         "(an IANA name such as Asia/Riyadh)") from exc


def display_date(value: datetime | None, zone: tzinfo | None = None,
                 now: datetime | None = None) -> dict | None:
    """The date as a reader sees it, in ``zone``: "الخميس 31 مايو 2018، 14:05" (``text``),
    the day alone (``day``), "منذ ساعتين" (``relative``, only within the last day, else
    None), and ISO in UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    local = value.astimezone(zone or timezone.utc)
    now = now or datetime.now(timezone.utc)
    recent = timedelta(0) <= now - value < RELATIVE_WITHIN
    return {"text": format_datetime(local), "day": format_date(local),
            "relative": format_relative(value, now) if recent else None, "iso": iso_utc(value)}


def display_span(first: datetime, last: datetime, zone: tzinfo | None = None) -> str:
    """A story's time span in ``zone``; one day is written once."""
    zone = zone or timezone.utc
    return format_span(_aware(first).astimezone(zone), _aware(last).astimezone(zone))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def all_sources_failing(sources: list) -> bool:  # noqa: ANN001 - list of Source
    """Whether the archive has sources with feeds and none of them works."""
    polled = [s for s in sources if s.feed_url and not s.paused]
    return bool(polled) and all(s.health in ("failing", "unreachable") for s in polled)


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
        row.update(outlet_about(source) or {})
        row["status"] = source.health
        row["articles"] = counts.get(source.id, 0)
        rows.append(row)
    return rows


def outlet_about(source) -> dict | None:  # noqa: ANN001 - Source
    """What a page and the API say of a source's outlet: its kind and country, in Arabic
    ("وكالة أنباء"، "السعودية"), and its English name; None for an uncatalogued source."""
    if not source.outlet_kind and not source.country:
        return None
    outlet = catalogue().get(source.outlet)
    return {
        "outlet": source.outlet,
        "outlet_kind": source.outlet_kind,
        "kind_label": KIND_LABELS.get(source.outlet_kind or ""),
        "country": source.country,
        "country_name": country_name(source.country),
        "name_en": outlet.name_en if outlet else None,
    }


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
