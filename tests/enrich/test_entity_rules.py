"""People and organizations by rule (issue 13): titles with a complement, given names, names
learned across outlets, and the organization patterns' false friends."""

from __future__ import annotations

import pytest

from khabar.enrich.entities import LearnedNames, entities, extract
from khabar.enrich.first_names import shipped_first_names
from khabar.enrich.tagforms import fold
from khabar.store.records import Entity

P, ORG = "person", "organization"


@pytest.mark.parametrize("text, expected", [
    # a title whose complement is an organization; the organization is found too
    ("وقال رئيس هيئة الرياضة تركي آل الشيخ إن الدعم مستمر.",
     [Entity("تركي آل الشيخ", P), Entity("هيئة الرياضة", ORG)]),
    ("وقال رئيس مجلس إدارة الهيئة العامة للرياضة، تركي آل الشيخ، إن الدعم مستمر.",
     [Entity("تركي آل الشيخ", P), Entity("الهيئة العامة للرياضة", ORG)]),
    ("زار المدير العام للأمن الوطني المغربي عبد اللطيف حموشي أنقرة.",
     [Entity("عبد اللطيف حموشي", P)]),
    # an indefinite title, a known club, then the name
    ("وقال مدرب ريال مدريد زين الدين زيدان إن الفريق جاهز.",
     [Entity("زين الدين زيدان", P), Entity("ريال مدريد", ORG)]),
])
def test_titles_with_a_complement(text, expected):
    found = entities("", text)
    for entity in expected:
        assert entity in found


@pytest.mark.parametrize("text", [
    "وأصدر رئيس الحكومة قرارا بإلغاء الرسوم.",        # an accusative noun, not a name
    "وقال المدرب: كنت أريد الفوز.",                   # a quote after a colon, not a name
    "وأكد المتحدث أن تنظيم مسيرات العودة مستمر.",      # «تنظيم» as a verbal noun
    "وتوقفت حركة الطيران في المطار.",                  # «حركة» as traffic
    "ونقلت وكالة الأنباء الرسمية السورية الخبر.",       # a description, not a name
])
def test_no_entity_from_common_words(text):
    common = {fold(w) for w in ("قرار", "مسيرات", "الطيران", "أريد")}.__contains__
    found = entities("", text, LearnedNames(), common)
    assert not [e for e in found if e.type in (P, ORG)], found


def test_a_given_name_opens_a_name_without_a_title():
    learned = LearnedNames()
    learned.first_learned[fold("ماركو")] = 3  # three people so named, learned after titles
    common = {fold("مشوار")}.__contains__
    found = entities("", "وأنهى ماركو فيرانتي مشواره أمس.", learned, common)
    assert Entity("ماركو فيرانتي", P) in found
    assert not learned.is_first_name(fold("سان"))  # opens «سان بطرسبرغ»: never a given name
    learned.first_learned[fold("تحرير")] = 9
    assert not learned.is_first_name(fold("تحرير"), {fold("تحرير")}.__contains__)


def test_shipped_given_names_come_from_the_corpus():
    names = shipped_first_names()
    assert len(names) > 100
    assert {fold("محمد"), fold("خالد"), fold("تركي")} <= names
    for word in ("قال", "الرئيس", "كنت", "سان", "قرارا", "الخميس"):
        assert fold(word) not in names, word
    assert entities("", "قال عبدالله العويشير إن الفريق جاهز.") == [
        Entity("عبدالله العويشير", P)]


def test_given_names_behind_clitics_only_after_waw():
    learned = LearnedNames()
    learned.first_learned[fold("يان")] = 5
    assert Entity("يان غونزالس", P) in entities("", "وقال يان غونزالس إن الفيلم جاهز.", learned)
    # «بيان» is a word, not ب + «يان»
    assert not [e for e in entities("", "وقال في بيان أصدره أمس.", learned) if e.type == P]


def test_a_name_is_learned_sooner_across_outlets():
    one, two = LearnedNames(), LearnedNames()
    finds = [("ماركو فيرانتي", P, True)]
    one.learn(finds, source="a")
    one.learn(finds, source="a")
    two.learn(finds, source="a")
    two.learn(finds, source="b")
    assert fold("ماركو فيرانتي") not in one.names
    assert fold("ماركو فيرانتي") in two.names


def test_learned_given_names_round_trip():
    learned = LearnedNames()
    for surname in ("فيرانتي", "روسي", "بيانكي"):
        for outlet in ("a", "b"):
            learned.learn([("ماركو " + surname, P, True)], source=outlet)
    assert learned.first_counts[fold("ماركو")] == 3  # three people, each seen twice
    again = LearnedNames.from_json(learned.to_json())
    assert again.first_learned[fold("ماركو")] == 3
    assert again.is_first_name(fold("ماركو"))


def test_an_organization_named_in_part_and_in_full_is_one():
    found, _ = extract("جماعة الإخوان في مصر",
                       "وصف ولي العهد جماعة الإخوان المسلمين بأنها حاضنة للإرهاب.")
    orgs = [e.name for e in found if e.type == ORG]
    assert orgs == ["جماعة الإخوان المسلمين"]


@pytest.mark.parametrize("text, name", [
    # و is the name's own first letter: the word without it is no word
    ("وقالت النجمة الأمريكية سيرينا وليامز إنها ستعود.", "سيرينا وليامز"),
    ("وقال النجم الأمريكي راسل وستبروك إن الفريق جاهز.", "راسل وستبروك"),
])
def test_a_name_word_may_open_with_waw(text, name):
    assert Entity(name, P) in entities("", text)


def test_a_name_stops_before_a_verb():
    found = entities("الملك سلمان يرعى حفل وضع حجر الأساس", "")
    assert Entity("سلمان يرعى", P) not in found
    # and «و» before a known name's word is the conjunction: two people, not one name
    found = entities("", "وقال الرئيس الفرنسي إيمانويل ماكرون ودونالد ترامب إن الاتفاق قائم.")
    assert not any("ودونالد" in e.name for e in found)


def test_a_name_then_its_title_after_a_comma():
    # the apposition names the person; «أليسيا» folds to ال but carries no article
    found = entities("", "تتولى أليسيا بوتشيتا، القاضية السابقة، رئاسة الباراغواي.")
    assert Entity("أليسيا بوتشيتا", P) in found
    assert not any(e.type == P for e in entities("", "وقال يقود زيدان، المدرب الفرنسي، إن"))
