"""A reader's own state in the store: follows, read and saved marks, filter rules.

``ReadingStore`` is a mixin of ``SQLStore``; its methods are declared on ``ReadersStore``
(``readers_base.py``). ``reader_conditions`` turns the readers' fields of an
``ArticleFilter`` (follows, excluded, unread_by, saved_by) into SQL conditions, so every list
query of the store — latest, counts, searches — narrows to a user's follows or unread the
same way.

Marks are written with one upsert per (user, article) that touches only its own column: a
process marking read and another saving the same article at the same moment both keep their
change (``tests/store/test_reading.py`` runs two processes).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import ColumnElement, and_, case, delete, exists, false, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from khabar.errors import InvalidInput, NotFound
from khabar.store.filters import ArticleFilter
from khabar.store.alerts_schema import alert_matches, saved_searches
from khabar.store.readers_schema import article_states, filter_rules, follows
from khabar.store.records import iso_utc
from khabar.store.schema import articles, stories
from khabar.store.tags import entity_condition
from khabar.store.countries import country_condition
from khabar.store.host import StoreHost
from khabar.store.rows import inserted_id

#: what a user can follow (and mute): outlets, keywords, entities, categories, countries
FOLLOW_KINDS = ("source", "tag", "entity", "category", "country")
#: a user also follows their own saved searches (key: its id), never mutes them: the
#: articles it matched as they were stored (``alert_matches``) come into «لك»
SEARCH_KIND = "search"
#: the most articles one "mark all read" marks (the newest of the list)
MARK_ALL_CAP = 5000
#: longest key of a follow (a tag, an entity name …)
MAX_KEY_LENGTH = 200


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


@dataclass(frozen=True, slots=True)
class Follow:
    kind: str
    key: str
    created_at: datetime

    def to_json(self) -> dict:
        return {"kind": self.kind, "key": self.key, "created_at": iso_utc(self.created_at)}


@dataclass(frozen=True, slots=True)
class StoryGroup:
    """A story as a reader's list shows it: the articles of it that matched."""

    story_id: int | None
    article_id: int  # the newest matching article
    newest: datetime
    matched: int
    unread: int
    #: the story's size (all its articles, matched or not); 1 without a story
    size: int = 1


@dataclass(frozen=True, slots=True)
class ArticleState:
    read: bool = False
    saved: bool = False


@dataclass(frozen=True, slots=True)
class Rule:
    """A personal filter rule (see ``khabar.store.rules`` for what each kind matches)."""

    id: int
    action: str  # block | keep
    kind: str  # words | regex | source | category | tag | entity | country
    field: str  # any | title | body | outlet | entity (for words and regex)
    pattern: str
    created_at: datetime

    def to_json(self) -> dict:
        return {"id": self.id, "action": self.action, "kind": self.kind, "field": self.field,
                "pattern": self.pattern, "created_at": iso_utc(self.created_at)}


def check_follow(kind: str, key: str) -> tuple[str, str]:
    key = key.strip()
    if kind not in FOLLOW_KINDS and kind != SEARCH_KIND:
        raise InvalidInput(f"unknown follow kind {kind!r}",
                           user_message="لا يمكن متابعة هذا النوع.")
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(f"invalid {kind} key", user_message="اسم ما تتابعه فارغ أو طويل جداً.")
    if kind == "source" and not key.isdigit():
        raise InvalidInput(f"source key {key[:40]!r} is not an id",
                           user_message="المصدر يُتابع برقمه.")
    if kind == SEARCH_KIND and not (key.isdigit() and 0 < int(key) < 2**63):
        raise NotFound(f"saved search key {key[:40]!r} is not an id",
                       user_message="البحث المحفوظ غير موجود.")
    if kind == "country":
        key = key.upper()
    return kind, key


def follow_condition(kind: str, key: str) -> ColumnElement[bool]:
    """Articles that match one followed (or muted) thing."""
    if kind == "source":
        return articles.c.source_id == int(key) if key.isdigit() else false()
    if kind == "tag":
        quoted = json.dumps(key, ensure_ascii=False)
        return articles.c.keywords.contains(quoted, autoescape=True)
    if kind == "entity":
        return entity_condition(key)
    if kind == "category":
        return articles.c.category == key
    if kind == "country":  # the article's countries: as ``country:`` and /country/{cc}
        return country_condition(key)
    if kind == SEARCH_KIND and key.isdigit():  # what the saved search matched
        return articles.c.id.in_(select(alert_matches.c.article_id).where(
            alert_matches.c.saved_search_id == int(key)))
    return false()


def _state_exists(user_id: int, column: Any) -> ColumnElement[bool]:
    return exists(select(article_states.c.article_id).where(
        article_states.c.user_id == user_id, article_states.c.article_id == articles.c.id,
        column.is_not(None)))


def reader_conditions(filters: ArticleFilter) -> list:
    conditions: list = []
    if filters.follows:
        conditions.append(or_(*(follow_condition(k, v) for k, v in filters.follows)))
    for kind, key in filters.excluded:
        conditions.append(~follow_condition(kind, key))
    if filters.unread_by is not None:
        conditions.append(~_state_exists(filters.unread_by, article_states.c.read_at))
    if filters.saved_by is not None:
        conditions.append(_state_exists(filters.saved_by, article_states.c.saved_at))
    return conditions


def _insert(conn: Connection) -> Any:  # the dialect's INSERT with ON CONFLICT
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(
        article_states)


def _mark(conn: Connection, user_id: int, article_ids: Sequence[int], column: str,
          value: datetime | None) -> None:
    if not article_ids:
        return
    statement = _insert(conn)
    statement = statement.on_conflict_do_update(
        index_elements=[article_states.c.user_id, article_states.c.article_id],
        set_={column: statement.excluded[column]},
    )
    other = "saved_at" if column == "read_at" else "read_at"
    conn.execute(statement, [{"user_id": user_id, "article_id": a, column: value, other: None}
                             for a in article_ids])


class ReadingStore(StoreHost):
    """Follows, marks and rules (mixed into ``SQLStore``)."""

    def _filter_conditions(self, filters: ArticleFilter) -> list:  # by SQLStore
        raise NotImplementedError

    # --- follows --------------------------------------------------------------------------

    def follow(self, user_id: int, kind: str, key: str) -> bool:
        kind, key = check_follow(kind, key)
        with self._write() as conn:
            if kind == SEARCH_KIND and conn.execute(select(saved_searches.c.id).where(
                    saved_searches.c.id == int(key),
                    saved_searches.c.user_id == user_id)).first() is None:
                raise NotFound(f"saved search {key} is not user {user_id}'s",
                               user_message="البحث المحفوظ غير موجود.")  # another's too
            if conn.execute(select(follows.c.key).where(
                    follows.c.user_id == user_id, follows.c.kind == kind,
                    follows.c.key == key)).first():
                return False
            try:
                with conn.begin_nested():  # a concurrent follow of the same thing wins
                    conn.execute(follows.insert().values(user_id=user_id, kind=kind, key=key,
                                                         created_at=_now()))
            except IntegrityError:
                return False
            return True

    def unfollow(self, user_id: int, kind: str, key: str) -> bool:
        kind, key = check_follow(kind, key)
        with self._write() as conn:
            return conn.execute(delete(follows).where(
                follows.c.user_id == user_id, follows.c.kind == kind,
                follows.c.key == key)).rowcount > 0

    def follows(self, user_id: int) -> list[Follow]:
        query = (select(follows).where(follows.c.user_id == user_id)
                 .order_by(follows.c.kind, follows.c.key))
        with self._read() as conn:
            return [Follow(r.kind, r.key, _utc(r.created_at))  # type: ignore[arg-type]
                    for r in conn.execute(query)]

    def story_groups(self, filters: ArticleFilter, *, user_id: int | None = None,
                     limit: int = 300) -> list[StoryGroup]:
        group = func.coalesce(articles.c.story_id, -articles.c.id)
        newest = func.max(func.coalesce(articles.c.published_at, articles.c.fetched_at))
        unread: Any
        if user_id is None:
            unread = func.count()
        else:
            unread = func.sum(case((_state_exists(user_id, article_states.c.read_at), 0),
                                   else_=1))
        size = func.max(func.coalesce(stories.c.article_count, 1))
        query = (select(group.label("g"), newest.label("newest"), func.count().label("n"),
                        func.max(articles.c.id).label("rep"), unread.label("unread"),
                        size.label("size"))
                 .select_from(articles.outerjoin(stories, stories.c.id == articles.c.story_id))
                 .where(*self._filter_conditions(filters)).group_by(group)
                 .order_by(newest.desc(), group.desc()).limit(limit))
        with self._read() as conn:
            return [StoryGroup(r.g if r.g > 0 else None, r.rep, _utc(r.newest),  # type: ignore[arg-type]
                               r.n, int(r.unread or 0), int(r.size or 1))
                    for r in conn.execute(query)]

    # --- read and saved -------------------------------------------------------------------

    def mark_read(self, user_id: int, article_ids: Sequence[int], *, read: bool = True) -> int:
        ids = self._existing(article_ids)
        with self._write() as conn:
            _mark(conn, user_id, ids, "read_at", _now() if read else None)
        return len(ids)

    def mark_all_read(self, user_id: int, filters: ArticleFilter | None = None) -> int:
        unread = replace(filters or ArticleFilter(), unread_by=user_id)
        ids = [a.id for a in self.latest(limit=MARK_ALL_CAP, filters=unread)]  # type: ignore[attr-defined]
        with self._write() as conn:
            _mark(conn, user_id, ids, "read_at", _now())
        return len(ids)

    def set_saved(self, user_id: int, article_id: int, *, saved: bool = True) -> None:
        if not self._existing([article_id]):
            raise NotFound(f"no article with id {article_id}", user_message="الخبر غير موجود.")
        with self._write() as conn:
            _mark(conn, user_id, [article_id], "saved_at", _now() if saved else None)

    def article_states(self, user_id: int, article_ids: Sequence[int]) -> dict[int, ArticleState]:
        if not article_ids:
            return {}
        query = select(article_states).where(article_states.c.user_id == user_id,
                                             article_states.c.article_id.in_(list(article_ids)))
        with self._read() as conn:
            return {r.article_id: ArticleState(r.read_at is not None, r.saved_at is not None)
                    for r in conn.execute(query)}

    def saved_articles(self, user_id: int, *, limit: int = 20, offset: int = 0) -> list:
        """The user's saved articles, the most recently saved first."""
        query = (select(article_states.c.article_id)
                 .where(article_states.c.user_id == user_id,
                        article_states.c.saved_at.is_not(None))
                 .order_by(article_states.c.saved_at.desc(), article_states.c.article_id.desc())
                 .limit(limit).offset(offset))
        with self._read() as conn:
            ids = [r.article_id for r in conn.execute(query)]
            found = self.articles_by_id(conn, ids)
        return [found[i] for i in ids if i in found]

    def count_saved(self, user_id: int) -> int:
        query = select(func.count()).select_from(article_states).where(
            article_states.c.user_id == user_id, article_states.c.saved_at.is_not(None))
        with self._read() as conn:
            return conn.execute(query).scalar_one()

    def _existing(self, article_ids: Sequence[int]) -> list[int]:
        wanted = sorted({int(a) for a in article_ids if 0 < int(a) < 2**63})
        if not wanted:
            return []
        with self._read() as conn:
            return [r.id for r in conn.execute(select(articles.c.id)
                                               .where(articles.c.id.in_(wanted)))]

    # --- filter rules ---------------------------------------------------------------------

    def add_rule(self, user_id: int, action: str, kind: str, field: str, pattern: str) -> Rule:
        now = _now()
        with self._write() as conn:
            new_id = inserted_id(conn.execute(filter_rules.insert().values(
                user_id=user_id, action=action, kind=kind, field=field, pattern=pattern,
                created_at=now)))
        return Rule(new_id, action, kind, field, pattern, now)

    def rules(self, user_id: int) -> list[Rule]:
        query = (select(filter_rules).where(filter_rules.c.user_id == user_id)
                 .order_by(filter_rules.c.id))
        with self._read() as conn:
            return [Rule(r.id, r.action, r.kind, r.field, r.pattern,
                         _utc(r.created_at))  # type: ignore[arg-type]
                    for r in conn.execute(query)]

    def remove_rule(self, user_id: int, rule_id: int) -> bool:
        with self._write() as conn:
            return conn.execute(delete(filter_rules).where(
                and_(filter_rules.c.id == rule_id, filter_rules.c.user_id == user_id))
            ).rowcount > 0
