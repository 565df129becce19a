"""Unread counts (the header's, each followed item's) and "mark all read" as the reader
sees their lists: word and regex block rules hide articles, and hidden articles are neither
counted nor marked. Both backends."""

from __future__ import annotations

import re

import pytest

from khabar.store.rules import check_rule
from khabar.web import visible
from tests.web.greader_helpers import reader
from tests.web.readers_helpers import csrf, fast_hashing, log_in, make_client  # noqa: F401


@pytest.fixture
def world(store):
    r = reader(store)  # follows the sport and economy outlets: 4 unread articles each
    web = make_client(store)
    log_in(web, "sara")
    return r, web


def _header_count(web) -> int:
    found = re.search(r'class="unread-count"[^>]*>(\d+)<', web.get("/saved").text)
    return int(found.group(1)) if found else 0


def _follow_counts(web, r) -> dict:
    items = web.get("/api/me/follows").json()["items"]
    return {int(i["key"]): i["unread"] for i in items}


def test_word_and_regex_rules_leave_hidden_articles_out_of_unread_counts(world):
    r, web = world
    assert web.get("/api/me").json()["unread"] == 8 and _header_count(web) == 8
    rule = r.store.add_rule(r.user.id, *check_rule("block", "words", "title", "نفط"))
    assert web.get("/api/me").json()["unread"] == 4
    assert _header_count(web) == 4
    assert _follow_counts(web, r) == {r.sport.id: 4, r.economy.id: 0}
    page = web.get("/account/follows").text
    assert page.count('class="unread-count"') == 2  # the header's and the sport outlet's
    r.store.add_rule(r.user.id, *check_rule("block", "regex", "any", r"المنتخب\s+يفوز"))
    assert web.get("/api/me").json()["unread"] == 0
    # the decisions remembered belong to a rule set: removing a rule brings them back
    r.store.remove_rule(r.user.id, rule.id)
    assert _follow_counts(web, r) == {r.sport.id: 0, r.economy.id: 4}


def test_mark_all_read_marks_what_the_list_shows(world):
    r, web = world
    r.store.add_rule(r.user.id, *check_rule("block", "words", "title", "النفط"))
    marked = web.post("/api/me/read-all", json={"scope": "for-you"},
                      headers={"X-CSRF-Token": csrf(web, "/account")}).json()["marked"]
    assert marked == 4
    states = r.store.article_states(r.user.id, r.ids[r.sport.id] + r.ids[r.economy.id])
    assert {i for i, s in states.items() if s.read} == set(r.ids[r.sport.id])
    assert web.get("/api/me").json()["unread"] == 0
    # the form does the same on a named list
    r.store.mark_read(r.user.id, r.ids[r.sport.id], read=False)
    web.post("/me/read-all", data={"scope": "sources", "key": str(r.sport.id),
                                   "csrf": csrf(web, "/account")})
    assert _follow_counts(web, r)[r.sport.id] == 0
    assert not any(s.read for s in r.store.article_states(
        r.user.id, r.ids[r.economy.id]).values())


def test_past_the_checked_articles_the_rest_count_as_they_are(world, monkeypatch):
    r, web = world
    monkeypatch.setattr(visible, "COUNT_CHECKED", 3)
    r.store.add_rule(r.user.id, *check_rule("block", "words", "title", "النفط"))
    # the newest three unread: sport 0, economy 0, sport 1 (one hidden); five more unchecked
    assert web.get("/api/me").json()["unread"] == 2 + 5
