"""Streams, item ids and items of the Google Reader API, as one reader sees them.

A stream is named as Google Reader named them:

    user/-/state/com.google/reading-list   articles of the outlets the user follows
    user/-/state/com.google/starred        the user's saved articles («اقرأ لاحقاً»), any outlet
    user/-/state/com.google/read           read articles of the followed outlets
    user/-/state/com.google/kept-unread    unread articles of the followed outlets
    feed/<outlet id>                       one outlet (``feed/<feed URL>`` is accepted too)
    user/-/label/<name>                    the followed outlets of one category (its Arabic
                                           name; outlets without a category: «عام»)

``user/<any id>/…`` is read as ``user/-/…``: a stream always belongs to the caller.

Item ids come in the long form ``tag:google.com,2005:reader/item/<16 hex digits>``, its
short form without zeros, 16 bare hex digits, or the decimal article id; all four are read
everywhere, ``stream/items/ids`` answers decimal ids and items carry the long form.

Unread means: no read mark, and not older than khabar's unread window
(``khabar.web.personal.unread_since``, seven days before the newest article); older articles
are read for the API, so a new subscriber is not handed an outlet's archive as unread. The
user's filter rules apply to every stream, count and "mark all as read": muted outlets and
topics in SQL, word and regex rules on each article (decisions remembered per article and
rule set, ``khabar.web.visible``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from html import escape

from khabar.store import Article, Store
from khabar.store.filters import ArticleFilter
from khabar.store.greader_ids import ItemRef
from khabar.store.records import Source
from khabar.store.rules import RuleSet
from khabar.store.users import User
from khabar.web.labels import category_label
from khabar.web.personal import unread_since
from khabar.web.sanitize import safe_href
from khabar.presenters import teaser
from khabar.web.visible import allowed

STATE = "user/-/state/com.google/"
READING_LIST = STATE + "reading-list"
STARRED = STATE + "starred"
READ = STATE + "read"
KEPT_UNREAD = STATE + "kept-unread"
LABEL = "user/-/label/"
FEED = "feed/"
ITEM_PREFIX = "tag:google.com,2005:reader/item/"
#: the label of followed outlets without a category
NO_CATEGORY = "عام"
#: most item ids one stream/items/ids call answers (and its default)
MAX_IDS = 10_000
#: articles looked at, at most, to fill one page when word or regex rules hide some
MAX_SCAN = 20_000


@dataclass(frozen=True, slots=True)
class Stream:
    kind: str  # reading-list | starred | read | kept-unread | feed | label | other
    key: str = ""


def parse_stream(value: str) -> Stream:
    value = value.strip()
    if value.startswith(FEED):
        return Stream("feed", value[len(FEED):])
    if value.startswith("user/"):
        _, _, rest = value[len("user/"):].partition("/")
        if rest.startswith("state/com.google/"):
            state = rest[len("state/com.google/"):]
            if state in ("reading-list", "starred", "read", "kept-unread"):
                return Stream(state)
            return Stream("other", state)
        if rest.startswith("label/"):
            return Stream("label", rest[len("label/"):])
    return Stream("other", value)


def parse_item_id(value: str) -> int | None:
    """The article id of an item id in any of its forms, or None."""
    value = value.strip()
    try:
        if value.startswith(ITEM_PREFIX):
            number = int(value[len(ITEM_PREFIX):], 16)
        elif len(value) == 16:  # 16 bare hex digits (Miniflux reads them as hex first)
            number = int(value, 16)
        else:
            number = int(value, 10)
    except ValueError:
        return None
    return number if 0 < number < 2**63 else None


def long_id(article_id: int) -> str:
    return f"{ITEM_PREFIX}{article_id:016x}"


def usec(when: datetime) -> int:
    return int(when.replace(tzinfo=when.tzinfo or timezone.utc).timestamp() * 1_000_000)


def label_of(source: Source) -> str:
    return category_label(source.category) or NO_CATEGORY


def label_id(label: str) -> str:
    return LABEL + label


# --- one reader's view ------------------------------------------------------------------------

@dataclass
class View:
    """What the API shows one user: their followed outlets (the subscriptions), their rules,
    the start of the unread window."""

    store: Store
    user: User
    rules: RuleSet
    outlets: dict[int, Source]  # every outlet, by id
    followed: list[Source]
    read_before: datetime
    _outlet_by_feed: dict[str, Source] = field(default_factory=dict)

    @classmethod
    def of(cls, store: Store, user: User) -> View:
        outlets = {s.id: s for s in store.sources()}
        keys = [f.key for f in store.follows(user.id) if f.kind == "source"]
        followed = [outlets[int(k)] for k in keys if k.isdigit() and int(k) in outlets]
        followed.sort(key=lambda s: (label_of(s), s.name))
        return cls(store, user, RuleSet.of_user(store, user.id), outlets, followed,
                   unread_since(store))

    def labels(self) -> list[str]:
        return sorted({label_of(s) for s in self.followed})

    def outlet(self, key: str) -> Source | None:
        """An outlet by id, or by its feed or site URL (``feed/<url>``)."""
        if key.isdigit():
            return self.outlets.get(int(key))
        wanted = _url_key(key)
        if not wanted:
            return None
        for source in self.outlets.values():
            if wanted in (_url_key(source.feed_url), _url_key(source.url)):
                return source
        return None

    def scope(self, stream: Stream) -> tuple[ArticleFilter | None, dict]:
        """The filter of a stream's articles (None: no article) and its read/saved part."""
        followed = tuple(("source", str(s.id)) for s in self.followed)
        if stream.kind == "starred":
            return ArticleFilter(), {"saved": True}
        if stream.kind == "feed":
            source = self.outlet(stream.key)
            return (ArticleFilter(source_id=source.id) if source else None), {}
        if stream.kind == "label":
            ids = tuple(("source", str(s.id)) for s in self.followed
                        if label_of(s) == stream.key)
            return (ArticleFilter(follows=ids) if ids else None), {}
        if stream.kind in ("reading-list", "read", "kept-unread") and followed:
            state = {"read": True} if stream.kind == "read" else (
                {"read": False} if stream.kind == "kept-unread" else {})
            return ArticleFilter(follows=followed), state
        return None, {}

    def refs(self, stream: Stream, *, excluded: Sequence[Stream] = (),
             included: Sequence[Stream] = (), since: datetime | None = None,
             until: datetime | None = None, oldest_first: bool = False,
             after: tuple[datetime, int] | None = None,
             limit: int = MAX_IDS) -> tuple[list[ItemRef], tuple[datetime, int] | None]:
        """A page of a stream's item references and where the next page starts (or None)."""
        filters, state = self.scope(stream)
        if filters is None:
            return [], None
        wanted = [(t.kind, False) for t in excluded] + [(t.kind, True) for t in included]
        for kind, on in wanted:
            if kind == "kept-unread":
                kind, on = "read", not on
            column = {"read": "read", "starred": "saved"}.get(kind)
            if column is None:
                continue
            if state.get(column, on) != on:
                return [], None  # read and unread (or saved and not) at once
            state[column] = on
        filters = self.rules.narrow(replace(filters, since=since, until=until))
        page: list[ItemRef] = []
        scanned, cursor = 0, after
        batch = min(max(limit + 1, 200), MAX_IDS + 1)
        while scanned < MAX_SCAN:
            found = self.store.stream_refs(filters, user_id=self.user.id,
                                           read=state.get("read"), saved=state.get("saved"),
                                           read_before=self.read_before,
                                           oldest_first=oldest_first, after=cursor, limit=batch)
            scanned += len(found)
            keep = allowed(self.store, self.rules, [r.id for r in found])
            for ref in found:
                cursor = (ref.time, ref.id)
                if ref.id in keep:
                    page.append(ref)
                    if len(page) > limit:
                        last = page[limit - 1]
                        return page[:limit], (last.time, last.id)
            if len(found) < batch:
                return page, None
        return page, cursor

    def unread_ids(self, stream: Stream, *, until: datetime | None = None) -> list[ItemRef]:
        """Every unread item of a stream the user sees (for counts and mark-all-as-read)."""
        refs, _ = self.refs(stream, excluded=[Stream("read")], until=until, limit=MAX_IDS)
        return refs

    def is_read(self, article: Article, marked: bool) -> bool:
        when = article.published_at or article.fetched_at
        return marked or _aware(when) < self.read_before

    def item(self, article: Article, *, read: bool, saved: bool, base: str) -> dict:
        """One item of stream/items/contents and stream/contents."""
        when = _aware(article.published_at or article.fetched_at)
        source = self.outlets.get(article.source_id)
        categories = [READING_LIST]
        if source is not None and source.id in {s.id for s in self.followed}:
            categories.append(label_id(label_of(source)))
        if read:
            categories.append(READ)
        if saved:
            categories.append(STARRED)
        link = (safe_href(article.canonical_url) or safe_href(article.url)
                or f"{base}/articles/{article.id}")
        body = _body_html(article)
        return {
            "id": long_id(article.id),
            "crawlTimeMsec": str(usec(_aware(article.fetched_at)) // 1000),
            "timestampUsec": str(usec(when)),
            "published": int(when.timestamp()),
            "updated": int(_aware(article.updated_at or when).timestamp()),
            "title": article.title,
            "author": article.author or "",
            "categories": categories,
            "alternate": [{"href": link, "type": "text/html"}],
            "canonical": [{"href": link}],
            "summary": {"direction": "rtl", "content": body},
            "content": {"direction": "rtl", "content": body},
            "origin": {"streamId": f"{FEED}{article.source_id}", "title": article.source,
                       "htmlUrl": (safe_href(source.url) if source else None) or ""},
            "enclosure": [{"url": e.url, "type": e.type or ""} for e in article.enclosures
                          if safe_href(e.url)],
        }


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def _url_key(url: str | None) -> str:
    """A URL compared without its scheme, "www." and trailing slash."""
    if not url:
        return ""
    url = url.strip().lower()
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix):]
    return url.removeprefix("www.").rstrip("/")


def _body_html(article: Article) -> str:
    """The article's text as HTML built here (escaped paragraphs: nothing of the source's
    markup), with the lead image first when it has one."""
    parts = []
    image = article.image.url if article.image else None
    if safe_href(image):
        parts.append(f'<p><img src="{escape(image or "")}" alt=""></p>')
    if article.summary and article.summary.strip() and not article.body.startswith(
            article.summary.strip()[:80]):
        parts.append(f"<p><strong>{escape(teaser(article))}</strong></p>")
    parts += [f"<p>{escape(p)}</p>" for p in article.body.split("\n") if p.strip()]
    return "".join(parts)
