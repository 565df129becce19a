"""Lists of articles — latest, an outlet's, a tag's, a category's — for pages, API and feeds.

Each list is named by a kind and a key (``("sources", "3")``, ``("tags", "النفط")``); the
HTML page, its JSON twin and its output feeds all resolve the same name here, so they show
the same articles.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import quote

from khabar.errors import NotFound
from khabar.store import Article, Store
from khabar.store.filters import ArticleFilter, Cursor
from khabar.store.rules import RuleSet, filtered_latest
from khabar.web.labels import category_label
from khabar.web.render import Links
from khabar.presenters import outlet_about

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
            return "/latest"
        return f"/{self.kind}/{quote(self.key, safe='')}"

    @property
    def api_path(self) -> str:
        return "/api/articles" if self.kind == "latest" else "/api" + self.path

    def feed_path(self, fmt: str) -> str:
        return f"/feeds/latest.{fmt}" if self.kind == "latest" else f"/feeds{self.path}.{fmt}"

    @property
    def links(self) -> Links:
        return Links(html=self.path, json=self.api_path, feed=self.feed_path)


@dataclass(frozen=True, slots=True)
class Listing:
    name: ListingName
    title: str
    articles: list[Article]
    total: int
    next_cursor: str | None
    #: copies of each listed article (near copies and exact copies seen elsewhere), by id
    copies: dict[int, int]
    #: what a source's list says of its outlet (``khabar.presenters.outlet_about``), else None
    about: dict | None = None


def resolve(store: Store, name: ListingName) -> tuple[str, ArticleFilter]:
    """The heading and the filter of a named list; raises NotFound for an unknown one."""
    return _resolve(store, name)[:2]


def _resolve(store: Store, name: ListingName) -> tuple[str, ArticleFilter, dict | None]:
    if name.kind == "latest":
        return LATEST_TITLE, ArticleFilter(), None
    if name.kind == "sources":
        if not (name.key.isascii() and name.key.isdigit() and len(name.key) <= 19
                and int(name.key) <= MAX_ID):
            raise NotFound(f"no source with id {name.key[:40]!r}", user_message="المصدر غير موجود.")
        source = store.get_source(int(name.key))
        return f"أخبار {source.name}", ArticleFilter(source_id=source.id), outlet_about(source)
    if name.kind == "tags":
        return f"وسم: {name.key}", ArticleFilter(keyword=name.key), None
    if name.kind == "categories":
        return f"قسم {category_label(name.key)}", ArticleFilter(category=name.key), None
    if name.kind == "entities":
        return name.key, ArticleFilter(entity=name.key), None
    raise NotFound(f"no list kind {name.kind!r}")


def build(store: Store, name: ListingName, *, limit: int, cursor: str | None = None,
          rules: RuleSet | None = None, count: bool = True) -> Listing:
    """A page of the list: near copies are left out and counted under their original; with a
    reader's ``rules``, as that reader sees it (``total`` counts after their muted outlets and
    topics, before their word and regex rules). Without ``count`` the total is not counted
    (-1): the home page's preview, feeds."""
    title, filters, about = _resolve(store, name)
    filters = replace(filters, originals=True)
    after = Cursor.decode(cursor) if cursor else None
    rules = rules or RuleSet()
    articles, following = filtered_latest(store, rules, limit=limit, filters=filters, after=after)
    next_cursor = following.encode() if following else None
    total = store.count_articles(rules.narrow(filters)) if count else -1
    if count:
        # an empty list is not found; one the reader's own rules emptied still shows (to undo)
        empty = total == 0 and (not rules or not store.count_articles(filters))
    else:
        empty = not articles and after is None
    if name.kind != "latest" and empty:
        raise NotFound(f"empty list {name}", user_message="لا توجد أخبار هنا.")
    copies = store.copy_counts([a.id for a in articles])
    return Listing(name, title, articles, total, next_cursor, copies, about)
