"""What a reader's word and regex rules let through, for counts and "mark all read".

Muted outlets and topics are SQL conditions (``RuleSet.narrow``), so counting with them is
one query. Word and regex rules are checked on each article in Python (``RuleSet.allows``);
a count or a "mark all read" that skipped them would count or mark articles the reader never
sees. Here they are applied to article ids, and each decision is remembered per process for
that exact rule set (``DECISIONS`` of them, least recently added dropped first): the header's
unread count, computed on every page, analyzes an article once, not on every page.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace

from khabar.store import Store
from khabar.store.filters import ArticleFilter
from khabar.store.reading import MARK_ALL_CAP
from khabar.store.rules import RuleSet

#: rule decisions remembered per process (article id × rule set)
DECISIONS = 200_000
#: unread articles checked one by one for a count; past them the rest count as they are
COUNT_CHECKED = 1000

_decisions: OrderedDict[tuple[tuple, int], bool] = OrderedDict()
_lock = threading.Lock()


def _fingerprint(rules: RuleSet) -> tuple:
    return tuple((r.action, r.kind, r.field, r.pattern) for r in rules.rules)


def allowed(store: Store, rules: RuleSet, ids: Sequence[int]) -> set[int]:
    """Those of ``ids`` that the rules let through (all of them without word, regex or keep
    rules: the SQL part is the caller's filter)."""
    if not rules.checks_articles:
        return set(ids)
    key = _fingerprint(rules)
    known: dict[int, bool] = {}
    with _lock:
        for i in ids:
            decision = _decisions.get((key, i))
            if decision is not None:
                known[i] = decision
    missing = [i for i in ids if i not in known]
    for start in range(0, len(missing), 500):
        for article in store.articles_with_ids(missing[start:start + 500]):
            known[article.id] = rules.allows(article)
    with _lock:
        for i in missing:
            if i in known:
                _decisions[(key, i)] = known[i]
        while len(_decisions) > DECISIONS:
            _decisions.popitem(last=False)
    return {i for i, ok in known.items() if ok}


def count_visible(store: Store, user_id: int, rules: RuleSet, filters: ArticleFilter) -> int:
    """How many articles meeting ``filters`` the reader sees: the newest ``COUNT_CHECKED``
    checked against every rule, any beyond them counted with the SQL part only."""
    narrowed = rules.narrow(filters)
    if not rules.checks_articles:
        return store.count_articles(narrowed)
    refs = store.stream_refs(narrowed, user_id=user_id, limit=COUNT_CHECKED + 1)
    if len(refs) <= COUNT_CHECKED:
        return len(allowed(store, rules, [r.id for r in refs]))
    checked = refs[:COUNT_CHECKED]
    return len(allowed(store, rules, [r.id for r in checked])) + (
        store.count_articles(narrowed) - COUNT_CHECKED)


def mark_list_read(store: Store, user_id: int, rules: RuleSet, filters: ArticleFilter) -> int:
    """Mark read the newest ``MARK_ALL_CAP`` unread articles of a list that the reader sees
    (articles their rules hide keep their state: they were never shown)."""
    narrowed = rules.narrow(filters)
    if not rules.checks_articles:
        return store.mark_all_read(user_id, narrowed)
    unread = replace(narrowed, unread_by=user_id)
    refs = store.stream_refs(unread, user_id=user_id, limit=MARK_ALL_CAP)
    return store.mark_read(user_id, sorted(allowed(store, rules, [r.id for r in refs])))
