"""Story summary, «الجديد», wire provenance and timeline on a hand-written wire story."""

from __future__ import annotations

from datetime import datetime

import pytest

from khabar.arabic import Dateline
from khabar.enrich.provenance import credit, provenance, provenance_line
from khabar.enrich.story_facts import cosine, split_sentences, story_facts
from khabar.enrich.story_summary import new_since, summarize
from khabar.enrich.story_timeline import timeline
from khabar.store.records import Sighting
from tests.enrich.storyline_fixtures import WIRE, article, at, wire_story


@pytest.fixture
def facts():
    return story_facts(wire_story())


def test_sentences_drop_the_dateline_and_short_fragments():
    found = split_sentences(WIRE + "\nاقرأ أيضاً: أخبار الصحة في المملكة اليوم\nصورة أرشيفية")
    assert found[0].startswith("أعلنت وزارة الصحة") and len(found) == 4


@pytest.mark.parametrize("opening", ["(CNN)-- ", "(CNN) —\u00a0", "دبي، الإمارات العربية المتحدة (CNN)— "])
def test_sentences_drop_cnn_credits(opening):
    text = "لقي عضو قديم في سيرك دي سوليه حتفه مساء السبت أثناء استعراض للفرقة."
    assert split_sentences(opening + text) == [text]


def test_a_bracket_that_is_no_agency_stays():
    text = "(صورة) - مدينة بينين في نيجيريا هي عاصمة الاتجار بالبشر في الدولة."
    assert split_sentences(text) == [text]


def test_hashtags_read_as_words():
    [sentence] = split_sentences("أمرت #محكمة_ألمانية مساء الخميس بالإفراج عن الرئيس الكتالوني السابق.")
    assert sentence == "أمرت محكمة ألمانية مساء الخميس بالإفراج عن الرئيس الكتالوني السابق."


def test_copies_of_a_sentence_are_one_fact(facts):
    first = facts.facts[0]
    assert first.first.article.id == 1 and first.outlets == ["الوطن", "عكاظ", "سبق"]


def test_summary_is_short_attributed_and_never_repeats(facts):
    summary = summarize(facts)
    assert 3 <= len(summary) <= 5
    ids = {a.id: a for a in facts.articles}
    for s in summary:
        assert s.text in split_sentences(ids[s.article_id].body)
        assert ids[s.article_id].source == s.source
    assert summary[0].text.startswith("أعلنت وزارة الصحة السعودية اليوم إطلاق حملة")
    assert set(summary[0].also) == {"عكاظ", "سبق"}
    vectors = {f.first.text: f.first.vector for f in facts.facts}
    for i, a in enumerate(summary):
        for b in summary[i + 1:]:
            assert cosine(vectors[a.text], vectors[b.text]) < 0.25
    assert [s.first_at for s in summary] == sorted(s.first_at for s in summary)


def test_summary_is_deterministic_whatever_the_input_order():
    once = summarize(story_facts(wire_story()))
    again = summarize(story_facts(list(reversed(wire_story()))))
    assert once == again


def test_summary_grows_with_the_story():
    early = summarize(story_facts(wire_story()[1:3]))
    assert len(early) == 3 and {s.source for s in early} == {"الوطن"}
    later = summarize(story_facts(wire_story()))
    assert "اليوم" in {s.source for s in later}


def test_new_since_gives_only_facts_first_seen_later(facts):
    fresh = new_since(facts, at(2.5))
    assert [s.source for s in fresh][:1] == ["اليوم"] and fresh[-1].source == "الوطن"
    assert all(s.first_at > at(2.5) for s in fresh)
    assert "الإقبال فاق التوقعات" in fresh[-1].text
    assert new_since(facts, at(10)) == []


def test_provenance_credits_the_agency_of_the_first_report(facts):
    prov = provenance(facts)
    assert prov.first_publisher == "واس" and prov.first_kind == "agency" and prov.via == "الوطن"
    assert prov.first_at == at(0) and prov.first_article_id == 1
    assert prov.republished == ("عكاظ", "سبق")
    assert prov.rewrote == ("الرياض",) and prov.original == ("اليوم",)
    roles = {r.article_id: r.role for r in prov.roles}
    assert roles == {1: "first", 2: "verbatim", 3: "verbatim", 4: "rewrite", 5: "rewrite",
                     6: "original"}


def test_provenance_finds_the_agency_through_a_copy_chain():
    story = wire_story()
    story[1] = article(1, "الوطن", "حملة الحصبة", WIRE.split(": ", 1)[1], 0)  # no dateline
    prov = provenance(story_facts(story))
    assert prov.first_publisher == "واس" and prov.via == "الوطن"


def test_provenance_without_an_agency_names_the_first_outlet():
    story = [a for a in wire_story() if a.id in (4, 6)]
    prov = provenance(story_facts(story))
    assert prov.first_publisher == "الرياض" and prov.first_kind == "outlet"
    assert prov.original == ("اليوم",)


def test_sightings_count_as_verbatim_republications(facts):
    seen = Sighting(article_id=1, source="المدينة", url="https://x.example/1", title="t",
                    published_at=None, seen_at=datetime(2026, 11, 30, 10))
    assert provenance(facts, [seen]).republished == ("عكاظ", "سبق", "المدينة")


@pytest.mark.parametrize("body,fields,expected", [
    ("نقلاً عن وكالة رويترز، قال مسؤولون إن الاجتماع انتهى دون اتفاق.", {}, "رويترز"),
    ("قال مسؤولون إن الاجتماع انتهى (أ ف ب).", {}, "فرانس برس"),
    ("ذكرت وكالة الأنباء السعودية أن الملك استقبل الوفد.", {}, "واس"),
    ("استقبل الملك الوفد في قصر اليمامة.\nالمصدر: وام", {}, "وام"),
    ("بحسب وكالة الأناضول فإن الزلزال لم يوقع ضحايا.", {}, "الأناضول"),
    ("قالت الشرطة إن شخصا هاجم حارسا، حسب ما أوردت فرانس برس.", {}, "فرانس برس"),
    ("ذكرت صحيفة لوفيغارو أن الموظف اعترف بالتهريب.", {}, None),
    ("نص بلا إسناد إلى أي وكالة من الوكالات.", {"dateline": Dateline("دبي", "رويترز")}, "رويترز"),
    ("نص بلا إسناد.", {"attributed_to": "كونا"}, "كونا"),
    ("أبوظبي - سكاي نيوز عربية: نص التقرير.", {"source": "سكاي نيوز عربية"}, None),
    ("قال مسؤولون (وكالات) إن النص بلا مصدر واحد.", {}, None),
])
def test_credit_cues(body, fields, expected):
    assert credit(article(9, fields.pop("source", "موقع"), "عنوان", body, 0, **fields)) == expected


@pytest.mark.parametrize("n,expected", [
    (1, "أعاد نشره موقع واحد"), (2, "أعاد نشره موقعان"), (3, "أعادت نشره 3 مواقع"),
    (6, "أعادت نشره 6 مواقع"), (11, "أعادت نشره 11 موقعاً"), (100, "أعادت نشره 100 موقع"),
])
def test_provenance_line_counts_sites_in_correct_arabic(facts, n, expected):
    from dataclasses import replace
    prov = replace(provenance(facts), republished=tuple(f"m{i}" for i in range(n)),
                   rewrote=(), original=())
    assert provenance_line(prov, "09:14") == f"المصدر الأول: واس، 09:14 — {expected}"


def test_provenance_line_with_every_kind(facts):
    assert provenance_line(provenance(facts), "09:14") == (
        "المصدر الأول: واس، 09:14 — أعاد نشره موقعان، وأعاد صياغته موقع واحد، "
        "وأضاف موقع واحد معلومات خاصة")


def test_timeline_tells_the_development(facts):
    entries = timeline(facts, provenance(facts))
    assert [(e.kind, e.source) for e in entries] == [
        ("first", "الوطن"), ("rewrite", "الرياض"), ("original", "اليوم"), ("update", "الوطن")]
    assert entries[0].label == "أول خبر" and entries[0].copies == ["عكاظ", "سبق"]
    assert entries[3].label == "تحديث" and any("الإقبال" in f for f in entries[3].new_facts)
    assert all("مستشفيات الدمام" not in f for e in entries if e.kind != "original"
               for f in e.new_facts)
    assert entries[2].to_json()["label"] == "معلومات جديدة"


def test_an_empty_story_has_no_provenance_nor_summary():
    facts = story_facts([])
    assert provenance(facts) is None and summarize(facts) == []
