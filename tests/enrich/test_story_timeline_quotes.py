"""The story timeline shows new statements (issue 19, item 4: "new quotes"): each entry lists
the words of a speaker no earlier article of the story quoted."""

from __future__ import annotations

from khabar.enrich.provenance import provenance
from khabar.enrich.story_facts import story_facts
from khabar.enrich.story_timeline import timeline
from khabar.store.records import Quote
from tests.enrich.storyline_fixtures import REWRITE, UPDATE, WIRE, wire_story

MINISTRY = "وزارة الصحة السعودية"


def said(body: str, opening: str, verb: str) -> Quote:
    start = body.index(opening)
    end = body.index(".", start)
    return Quote(MINISTRY, "organization", verb, body[start:end], start, end)


def test_timeline_entries_carry_the_statements_first_quoted_in_them():
    articles = wire_story()
    first = said(WIRE, "الحملة تستهدف", "أوضحت")
    copy_body = WIRE.split(": ", 1)[1]
    quotes = {
        1: [first],
        2: [said(copy_body, "الحملة تستهدف", "أوضحت")],  # the verbatim copy
        4: [Quote(MINISTRY, "organization", "بحسب", REWRITE[:40], 0, 40)],
        5: [said(UPDATE, "الإقبال فاق", "قال")],
    }
    facts = story_facts(articles)
    entries = timeline(facts, provenance(facts), quotes)
    assert [(e.source, [q.verb for q in e.new_quotes]) for e in entries] == [
        ("الوطن", ["أوضحت"]), ("الرياض", ["بحسب"]), ("اليوم", []), ("الوطن", ["قال"])]
    assert entries[0].new_quotes == [first]
    assert entries[3].to_json()["new_quotes"][0]["text"].startswith("الإقبال فاق")


def test_a_statement_quoted_again_by_a_rewrite_is_not_new():
    articles = wire_story()
    rewrite_quote = Quote(MINISTRY, "organization", "أوضحت", "الحملة تستهدف الأطفال من عمر "
                          "سنة حتى خمس سنوات في المدارس", 0, 10)
    facts = story_facts(articles)
    entries = timeline(facts, provenance(facts),
                       {1: [said(WIRE, "الحملة تستهدف", "أوضحت")], 4: [rewrite_quote]})
    assert entries[1].source == "الرياض" and entries[1].new_quotes == []


def test_without_quotes_the_timeline_is_unchanged():
    facts = story_facts(wire_story())
    entries = timeline(facts, provenance(facts))
    assert all(e.new_quotes == [] and e.to_json()["new_quotes"] == [] for e in entries)
