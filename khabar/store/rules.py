"""Personal filters, applied in one place: ``RuleSet`` narrows every list query of a user.

Like Miniflux's block and keep rules. A rule is (action, kind, field, pattern):

    action  block — hide what matches · keep — when a user has keep rules, show only what
            matches at least one of them
    kind    words   words or a "phrase", matched with khabar's Arabic analysis
                    (``khabar.arabic.analyze``: «ادارة» matches «إدارة», «والإدارة» …)
            regex   a regular expression (case-insensitive), run with a time limit
            source · category · tag · entity · country   an outlet (by id), a category
                    code, a keyword, an entity's name, a country code: "mute" when blocked
    field   for words and regex: any (title and body) · title · body · outlet · entity

Blocked outlets, categories, tags, entities and countries become SQL conditions
(``ArticleFilter.excluded``), so counts and pages stay exact; words, regular expressions and
keep rules are checked on each article in Python by ``RuleSet.allows``. ``filtered_latest``
pages a list with both, scanning at most ``MAX_SCAN`` articles per page.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import regex

from khabar.arabic import analyze
from khabar.errors import InvalidInput
from khabar.store.base import Store
from khabar.store.filters import ArticleFilter, Cursor
from khabar.store.reading import FOLLOW_KINDS, Rule, check_follow
from khabar.store.records import Article

log = logging.getLogger(__name__)

ACTIONS = ("block", "keep")
TEXT_KINDS = ("words", "regex")
KINDS = TEXT_KINDS + FOLLOW_KINDS
FIELDS = ("any", "title", "body", "outlet", "entity")
#: longest pattern accepted
MAX_PATTERN = 300
#: seconds one regular expression may run on one text before it counts as no match
REGEX_TIMEOUT = 0.05
#: characters of a body a regular expression or a word rule looks at
MAX_TEXT = 20_000
#: rules one user may have
MAX_RULES = 200
#: articles looked at to fill one page when rules are checked in Python
MAX_SCAN = 1000


def check_rule(action: str, kind: str, field_name: str, pattern: str) -> tuple[str, str, str, str]:
    """The rule normalized; raises ``InvalidInput`` with an Arabic reason."""
    pattern = pattern.strip()
    if action not in ACTIONS:
        raise InvalidInput(f"unknown action {action!r}", user_message="الإجراء إما حجب أو إبقاء.")
    if kind not in KINDS:
        raise InvalidInput(f"unknown rule kind {kind!r}", user_message="نوع القاعدة غير معروف.")
    if not pattern or len(pattern) > MAX_PATTERN:
        raise InvalidInput(
            "empty or long pattern", user_message=f"النص فارغ أو أطول من {MAX_PATTERN} حرف."
        )
    if kind in TEXT_KINDS:
        if field_name not in FIELDS:
            raise InvalidInput(f"unknown field {field_name!r}", user_message="الحقل غير معروف.")
        if kind == "regex":
            try:
                regex.compile(pattern, regex.IGNORECASE)
            except regex.error as exc:
                raise InvalidInput(
                    f"bad regular expression: {exc}", user_message="التعبير النمطي غير صالح."
                ) from exc
        elif not analyze(pattern):
            raise InvalidInput("no words", user_message="لا كلمات يُبحث عنها في هذا النص.")
        return action, kind, field_name, pattern
    if kind == "country" and action == "keep":
        raise InvalidInput(
            "keep by country", user_message="الإبقاء حسب البلد غير مدعوم؛ تابع البلد."
        )
    _, key = check_follow(kind, pattern)
    return action, kind, "any", key


@dataclass
class _Texts:
    """An article's fields, analyzed once per article however many rules look at them."""

    article: Article
    cache: dict[str, Any] = field(default_factory=dict)

    def raw(self, name: str) -> str:
        a = self.article
        if name == "title":
            return a.title
        if name == "body":
            return a.body[:MAX_TEXT]
        if name == "outlet":
            return a.source or ""
        if name == "entity":
            return "\n".join(e.name for e in a.entities)
        return a.title + "\n" + a.body[:MAX_TEXT]

    def terms(self, name: str) -> list[str]:
        if name not in self.cache:
            self.cache[name] = analyze(self.raw(name))
        return self.cache[name]


def _contains(terms: list[str], phrase: Sequence[str]) -> bool:
    n = len(phrase)
    if n == 1:
        return phrase[0] in terms
    return any(terms[i : i + n] == list(phrase) for i in range(len(terms) - n + 1))


@dataclass
class _Matcher:
    rule: Rule
    phrase: tuple[str, ...] = ()
    compiled: Any = None
    #: a regex that ran out of time once is skipped for the rest of the request
    timed_out: bool = False

    @classmethod
    def of(cls, rule: Rule) -> _Matcher:
        if rule.kind == "words":
            return cls(rule, phrase=tuple(analyze(rule.pattern)))
        if rule.kind == "regex":
            return cls(rule, compiled=regex.compile(rule.pattern, regex.IGNORECASE))
        return cls(rule)

    def matches(self, texts: _Texts) -> bool:
        rule, article = self.rule, texts.article
        if rule.kind == "words":
            return bool(self.phrase) and _contains(texts.terms(rule.field), self.phrase)
        if rule.kind == "regex":
            if self.timed_out:
                return False
            try:
                return (
                    self.compiled.search(texts.raw(rule.field), timeout=REGEX_TIMEOUT) is not None
                )
            except TimeoutError:
                log.info(
                    "rules: regex %r timed out on article %s; skipped from now on",
                    rule.pattern,
                    article.id,
                )
                self.timed_out = True
                return False
        if rule.kind == "source":
            return str(article.source_id) == rule.pattern
        if rule.kind == "category":
            return article.category == rule.pattern
        if rule.kind == "tag":
            return rule.pattern in article.keywords
        if rule.kind == "entity":
            return any(e.name == rule.pattern for e in article.entities)
        return False  # country: only as a block, in SQL


class RuleSet:
    """A user's rules, compiled once per request."""

    def __init__(self, rules: Sequence[Rule] = ()) -> None:
        self.rules = list(rules)
        usable = []
        for rule in self.rules:
            try:
                usable.append(_Matcher.of(rule))
            except regex.error:  # stored before a library change made it invalid: ignored
                log.warning("rules: rule %s no longer compiles; ignored", rule.id)
        self.excluded = tuple(
            (m.rule.kind, m.rule.pattern)
            for m in usable
            if m.rule.action == "block" and m.rule.kind in FOLLOW_KINDS
        )
        self.blocks = [m for m in usable if m.rule.action == "block" and m.rule.kind in TEXT_KINDS]
        self.keeps = [m for m in usable if m.rule.action == "keep"]

    @classmethod
    def of_user(cls, store: Store, user_id: int | None) -> RuleSet:
        return cls(store.rules(user_id) if user_id is not None else ())

    def __bool__(self) -> bool:
        return bool(self.rules)

    @property
    def checks_articles(self) -> bool:
        """Whether some rules are checked per article (not in SQL)."""
        return bool(self.blocks or self.keeps)

    def narrow(self, filters: ArticleFilter | None) -> ArticleFilter:
        """The filter with the SQL part of the rules (muted outlets, topics) added."""
        base = filters or ArticleFilter()
        if not self.excluded:
            return base
        return replace(base, excluded=tuple(dict.fromkeys(base.excluded + self.excluded)))

    def allows(self, article: Article) -> bool:
        """Whether the article passes every rule (the SQL ones included)."""
        texts = _Texts(article)
        muted = [
            m
            for m in (
                _Matcher(Rule(0, "block", k, "any", v, article.fetched_at))
                for k, v in self.excluded
            )
            if m.rule.kind != "country"
        ]
        if any(m.matches(texts) for m in muted + self.blocks):
            return False
        return not self.keeps or any(m.matches(texts) for m in self.keeps)


def filtered_latest(
    store: Store,
    rules: RuleSet,
    *,
    limit: int,
    filters: ArticleFilter | None = None,
    after: Cursor | None = None,
) -> tuple[list[Article], Cursor | None]:
    """A page of a newest-first list as a user with ``rules`` sees it, and where the next
    page starts (None at the end). Every list, feed and API response of a user goes here."""
    narrowed = rules.narrow(filters)
    if not rules.checks_articles:
        found = store.latest(limit=limit + 1, filters=narrowed, after=after)
        return found[:limit], (_cursor(found[limit - 1]) if len(found) > limit else None)
    page: list[Article] = []
    scanned, batch = 0, max(limit * 2, 50)
    cursor = after
    while scanned < MAX_SCAN:
        found = store.latest(limit=batch, filters=narrowed, after=cursor)
        for article in found:
            scanned += 1
            cursor = _cursor(article)
            if rules.allows(article):
                page.append(article)
                if len(page) > limit:
                    return page[:limit], _cursor(page[limit - 1])
        if len(found) < batch:
            return page, None
    return page, cursor  # the scan stopped: the next page goes on from the last one seen


def _cursor(article: Article) -> Cursor:
    return Cursor(article.published_at or article.fetched_at, article.id)
