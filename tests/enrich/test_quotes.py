"""Quote extraction: one case per reporting pattern (fixtures written for these tests)."""

from __future__ import annotations

import pytest

from khabar.enrich.quotes import extract_quotes
from khabar.store.records import Entity

ERDOGAN = Entity("رجب طيب أردوغان", "person")
POMPEO = Entity("مايك بومبيو", "person")
UN = Entity("الأمم المتحدة", "organization")
HEALTH = Entity("وزارة الصحة", "organization")
IRAN = Entity("إيران", "place")
ZAKHAROVA = Entity("ماريا زاخاروفا", "person")

# (pattern, body, entities, [(speaker, verb, the quote's opening words)])
CASES = [
    ("قال … إن", "قال الرئيس التركي رجب طيب أردوغان إن بلاده لن تتراجع عن العملية.",
     [ERDOGAN], [("رجب طيب أردوغان", "قال", "بلاده لن تتراجع")]),
    ("قالت (feminine) … «…»", "وقالت ماريا زاخاروفا: «نملك معلومات ذات مصداقية».",
     [ZAKHAROVA], [("ماريا زاخاروفا", "قالت", "نملك معلومات")]),
    ('"…" in ASCII marks', 'وقال أردوغان "سنضمن تحقيق هدف العملية خلال فترة وجيزة".',
     [ERDOGAN], [("رجب طيب أردوغان", "قال", "سنضمن تحقيق")]),
    ("أكد … أن", "أكد وزير الخارجية الأمريكي مايك بومبيو أن العقوبات ستبقى.",
     [POMPEO], [("مايك بومبيو", "أكد", "العقوبات ستبقى")]),
    ("أضاف (pronoun → previous speaker)",
     "قال بومبيو إن المحادثات مستمرة.\nوأضاف أن الاتفاق ممكن قبل نهاية العام.",
     [POMPEO], [("مايك بومبيو", "قال", "المحادثات مستمرة"),
                ("مايك بومبيو", "أضاف", "الاتفاق ممكن")]),
    ("صرح … لوكالة … بأن", "وصرح أردوغان لوكالة الأناضول بأن القرار نهائي.",
     [ERDOGAN], [("رجب طيب أردوغان", "صرح", "القرار نهائي")]),
    ("أوضح … أن", "وأوضحت وزارة الصحة أن عدد الإصابات ارتفع إلى 40.",
     [HEALTH], [("وزارة الصحة", "أوضحت", "عدد الإصابات")]),
    ("أشار … إلى أن", "وأشار بومبيو إلى أن واشنطن لن تنسحب.",
     [POMPEO], [("مايك بومبيو", "أشار", "واشنطن لن تنسحب")]),
    ("نفى … أن (SVO: X التي تنفي)", "وتتهم بريطانيا إيران التي تنفي أن يكون لها أي دور في الهجوم.",
     [IRAN], [("إيران", "تنفي", "يكون لها أي دور")]),
    ("حذر … من", "وحذرت الأمم المتحدة من تفاقم الوضع الإنساني في المدينة.",
     [UN], [("الأمم المتحدة", "حذرت", "تفاقم الوضع")]),
    ("دعا … إلى", "ودعا أردوغان إلى وقف فوري لإطلاق النار.",
     [ERDOGAN], [("رجب طيب أردوغان", "دعا", "وقف فوري")]),
    ("اعتبر … أن", "واعتبرت زاخاروفا أن الاتهامات البريطانية «مسرحية».",
     [ZAKHAROVA], [("ماريا زاخاروفا", "اعتبرت", "الاتهامات البريطانية")]),
    ("مشيرا إلى أن (participle)",
     "أعلن ذلك الوزير مايك بومبيو أمس، مشيرا إلى أن الوفد يصل غدا.",
     [POMPEO], [("مايك بومبيو", "مشيرا", "الوفد يصل غدا")]),
    ("وفق", "قتل 20 شخصا في غارة جوية على المدينة، وفق وزارة الصحة.",
     [HEALTH], [("وزارة الصحة", "وفق", "قتل 20 شخصا")]),
    ("وفقا لـ", "ارتفع عدد اللاجئين إلى مليون، وفقا للأمم المتحدة.",
     [UN], [("الأمم المتحدة", "وفقا", "ارتفع عدد اللاجئين")]),
    ("بحسب ما أعلنت", "أصيب 30 شخصا في الحادث، بحسب ما أعلنت وزارة الصحة.",
     [HEALTH], [("وزارة الصحة", "بحسب", "أصيب 30 شخصا")]),
    ("نقلت … عن … قوله إن", "ونقلت وكالة رويترز عن بومبيو قوله إن الاجتماع كان مثمرا.",
     [POMPEO], [("مايك بومبيو", "نقلت", "الاجتماع كان مثمرا")]),
    ("قائلا:", "وعلق أردوغان على القرار قائلا: «لن نقبل بهذا أبدا».",
     [ERDOGAN], [("رجب طيب أردوغان", "قائلا", "لن نقبل")]),
    ("title → the person named with it",
     "التقى وزير الخارجية الأمريكي، مايك بومبيو، نظيره الروسي.\n"
     "وقال وزير الخارجية الأمريكي إن اللقاء كان صريحا.",
     [POMPEO], [("مايك بومبيو", "قال", "اللقاء كان صريحا")]),
    ("title with no one named stays a title", "وقال رئيس المستشفى إن المستشفى تسلم 40 جثة.",
     [], [("رئيس المستشفى", "قال", "المستشفى تسلم")]),
    ("plural أكدوا (pronoun → previous speaker)",
     "قالت وزارة الصحة إن العدد ارتفع.\nوأكدوا أن المستشفيات ممتلئة.",
     [HEALTH], [("وزارة الصحة", "قالت", "العدد ارتفع"), ("وزارة الصحة", "أكدوا", "المستشفيات")]),
]


@pytest.mark.parametrize("pattern,body,entities,expected", CASES, ids=[c[0] for c in CASES])
def test_each_reporting_pattern(pattern, body, entities, expected):
    check_statements(body, entities, expected)


def check_statements(body, entities, expected) -> None:
    """``expected``: (speaker, verb, how the statement opens) of each statement, in order; each
    statement's text is the body's own span."""
    found = extract_quotes(body, entities)
    assert [(q.speaker, q.verb) for q in found] == [(s, v) for s, v, _ in expected]
    for q, (_, _, opening) in zip(found, expected):
        assert q.text.startswith(opening), q.text
        assert body[q.start:q.end] == q.text


@pytest.mark.parametrize("body", [
    "وقال مصدر مطلع إن المفاوضات متعثرة.",  # anonymous
    "وقال مسؤول بوزارة الصحة إن العدد سيرتفع.",  # an unnamed official, though an org is named
    "وقالت مصادر إن الوفد غادر.",
    "وقال أعضاء مجلس الأمن إن الهدنة يجب أن تحترم.",  # a generic group
    "وأضاف أن الاتفاق ممكن.",  # a pronoun with no named speaker before it: dropped
    "أعلنت الوزارة مقتل عشرة أشخاص.",  # a noun object, nothing said
])
def test_statements_without_a_named_speaker_are_dropped(body):
    assert extract_quotes(body, [HEALTH]) == []


def test_a_direct_quote_keeps_its_full_stops_and_no_statement_inside_it_is_taken():
    body = 'وقال بومبيو: "قال لي نظيري إنه موافق. سنلتقي غدا".'
    [q] = extract_quotes(body, [POMPEO])
    assert q.direct and q.text == "قال لي نظيري إنه موافق. سنلتقي غدا"


def test_a_short_quoted_name_in_the_subject_is_not_the_statement():
    body = 'وقال مدرب نادي "الأهلي" مارسيل كولر إن الفريق جاهز.'
    [q] = extract_quotes(body, [Entity("مارسيل كولر", "person")])
    assert q.speaker == "مارسيل كولر" and q.text == "الفريق جاهز"


def test_according_to_after_a_statement_is_no_second_statement():
    body = "قال بومبيو إنه يصلي من أجل أمريكا، وفقا لوكالة أسوشيتد برس."
    found = extract_quotes(body, [POMPEO, Entity("أسوشيتد برس", "organization")])
    assert [(q.speaker, q.verb) for q in found] == [("مايك بومبيو", "قال")]


def test_a_participle_after_the_verb_is_not_its_subject():
    body = "قال بومبيو إن المحادثات مستمرة.\nوأضاف قائلا: «الاتفاق ممكن قبل نهاية العام».\n"
    found = extract_quotes(body, [POMPEO])
    assert [(q.speaker, q.verb) for q in found] == [("مايك بومبيو", "قال"), ("مايك بومبيو", "أضاف")]


def test_a_name_after_a_preposition_is_not_the_subject_of_the_next_verb():
    body = "نشر النادي تغريدة على موقع تويتر قال فيها: «نرحب باللاعب الجديد»."
    assert extract_quotes(body, [Entity("تويتر", "organization")]) == []
