"""Lists of articles — latest, an outlet's, a tag's, a category's — for pages, API and feeds.

Each list is named by a kind and a key (``("sources", "3")``, ``("tags", "النفط")``); the
HTML page, its JSON twin and its output feeds all resolve the same name here, so they show
the same articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from khabar.errors import NotFound
from khabar.store import Article, Store
from khabar.store.filters import ArticleFilter, Cursor
from khabar.web.labels import category_label

#: kinds of list, and the Arabic heading of the "latest" list
KINDS = ("latest", "sources", "tags", "categories", "entities")
LATEST_TITLE = "آخر الأخبار"
#: the largest row id on both backends: a larger key names no source
MAX_ID = 2**63 - 1


@dataclass(frozen=True, slots=True)
class ListingName:
    kind: str
    key: str = ""

    @property
    def path(self) -> str:
        """Path of the HTML page; the API twin is /api + path, the feeds /feeds + path + .fmt"""
        if self.kind == "latest":
            return "/"
        return f"/{self.kind}/{quote(self.key, safe='')}"

    @property
    def api_path(self) -> str:
        return "/api/articles" if self.kind == "latest" else "/api" + self.path

    def feed_path(self, fmt: str) -> str:
        return f"/feeds/latest.{fmt}" if self.kind == "latest" else f"/feeds{self.path}.{fmt}"


@dataclass(frozen=True, slots=True)
class Listing:
    name: ListingName
    title: str
    articles: list[Article]
    total: int
    next_cursor: str | None


def resolve(store: Store, name: ListingName) -> tuple[str, ArticleFilter]:
    """The heading and the filter of a named list; raises NotFound for an unknown one."""
    if name.kind == "latest":
        return LATEST_TITLE, ArticleFilter()
    if name.kind == "sources":
        if not (name.key.isascii() and name.key.isdigit() and len(name.key) <= 19
                and int(name.key) <= MAX_ID):
            raise NotFound(f"no source with id {name.key[:40]!r}", user_message="المصدر غير موجود.")
        source = store.get_source(int(name.key))
        return f"أخبار {source.name}", ArticleFilter(source_id=source.id)
    if name.kind == "tags":
        return f"وسم: {name.key}", ArticleFilter(keyword=name.key)
    if name.kind == "categories":
        return f"قسم {category_label(name.key)}", ArticleFilter(category=name.key)
    if name.kind == "entities":
        return name.key, ArticleFilter(entity=name.key)
    raise NotFound(f"no list kind {name.kind!r}")


def build(store: Store, name: ListingName, *, limit: int, cursor: str | None = None) -> Listing:
    title, filters = resolve(store, name)
    after = Cursor.decode(cursor) if cursor else None
    articles = store.latest(limit=limit + 1, filters=filters, after=after)
    next_cursor = None
    if len(articles) > limit:
        articles = articles[:limit]
        last = articles[-1]
        next_cursor = Cursor(last.published_at or last.fetched_at, last.id).encode()
    total = store.count_articles(filters)
    if name.kind != "latest" and total == 0:
        raise NotFound(f"empty list {name}", user_message="لا توجد أخبار هنا.")
    return Listing(name, title, articles, total, next_cursor)
