"""Keyphrases, entities, categories and the tagger, on small texts written for them."""

from __future__ import annotations


import pytest

from khabar.enrich import enrich
from khabar.enrich.categories import CategoryModel, train
from khabar.enrich.entities import LearnedNames, entities
from khabar.enrich.keyphrases import TermStats, keyphrases
from khabar.enrich.tagforms import bare, key, tag_form
from khabar.enrich.tagger import Tagger, _merge
from khabar.store.records import Entity
from tests.conftest import record


@pytest.mark.parametrize("word, expected", [
    ("للأمن", "الأمن"), ("وبالنفط", "النفط"), ("والعراق", "العراق"), ("لحماس", "حماس"),
    ("بإيران", "إيران"), ("الوطنی", "الوطني"), ("لبنان", "لبنان"), ("وزير", "وزير"),
    ("بيان", "بيان"), ("لله", "الله"), ("فلسطين", "فلسطين"), ("بريطانيا", "بريطانيا"),
])
def test_bare_takes_off_clitics_only(word, expected):
    assert bare(word) == expected


def test_bare_with_attestation_keeps_a_root_letter():
    never = lambda rest, whole: False  # noqa: E731
    assert bare("لافروف", never) == "لافروف"
    assert bare("فالنسيا", never) == "فالنسيا"
    assert bare("لحماس", lambda rest, whole: rest == "حماس") == "حماس"


@pytest.mark.parametrize("given, tag", [
    ("للأمن الوطنی", "الأمن الوطني"), ("وقف إطلاق النار", "وقف إطلاق النار"),
    ("  الطاقة   الشمسية ", "الطاقة الشمسية"), ("###", ""),
])
def test_tag_form(given, tag):
    assert tag_form(given) == tag


def test_key_merges_spellings():
    assert key("لسوريا") == key("سوريا")
    assert key("الولايات المتحدة") == key("الولايات المتحده")


CEASEFIRE = record(
    title="وقف إطلاق النار في غزة يدخل حيز التنفيذ",
    body=("دخل وقف إطلاق النار في قطاع غزة حيز التنفيذ صباح اليوم بعد وساطة مصرية.\n"
          "وقالت حركة حماس إن وقف إطلاق النار يشمل كل الفصائل في غزة.\n"
          "وأكد رئيس الوزراء الإسرائيلي بنيامين نتنياهو أن الجيش سيرد على أي خرق لوقف إطلاق النار.\n"
          "وقال نتنياهو إن الأمن الوطني أولوية، مضيفاً أن الأمن الوطني لا يقبل المساومة."),
)


def test_keyphrases_are_whole_phrases_in_dictionary_form():
    phrases = keyphrases(CEASEFIRE.title, CEASEFIRE.body)
    assert 3 <= len(phrases) <= 8
    assert "وقف إطلاق النار" in phrases
    assert "الأمن الوطني" in phrases
    assert "إطلاق" not in phrases  # inside the phrase, not on its own
    assert not any(p.startswith(("لوقف", "للأمن", "وقف إطلاق النار في")) for p in phrases)


def test_keyphrases_weigh_terms_by_the_corpus():
    stats = TermStats()
    for _ in range(50):
        stats.observe("قطاع غزة اليوم حيز التنفيذ")
    stats.observe(CEASEFIRE.title + "\n" + CEASEFIRE.body)
    phrases = keyphrases(CEASEFIRE.title, CEASEFIRE.body, stats)
    unweighted = keyphrases(CEASEFIRE.title, CEASEFIRE.body)
    assert unweighted.index("حيز التنفيذ") < unweighted.index("الأمن الوطني")
    assert "حيز التنفيذ" not in phrases or phrases.index("حيز التنفيذ") > phrases.index("الأمن الوطني")


def test_entities_one_canonical_form_each():
    found = entities(CEASEFIRE.title, CEASEFIRE.body)
    assert Entity("حماس", "organization") in found
    assert Entity("غزة", "place") in found
    assert Entity("بنيامين نتنياهو", "person") in found
    names = [e.name for e in found]
    assert "نتنياهو" not in names and "لحماس" not in names
    assert all(e.type in ("person", "place", "organization") for e in found)


@pytest.mark.parametrize("text, expected", [
    ("قالت وزارة الخارجية الأمريكية إن العقوبات مستمرة.", Entity("وزارة الخارجية الأمريكية", "organization")),
    ("وأعلنت حركة طالبان مسؤوليتها.", Entity("طالبان", "organization")),
    ("وقال المتحدث باسم الجيش أفيخاي أدرعي إن القوات ردت.", Entity("أفيخاي أدرعي", "person")),
    ("التقى الرئيس الفرنسي إيمانويل ماكرون نظيره.", Entity("إيمانويل ماكرون", "person")),
    ("وصل الوفد إلى لسوريا وبغداد أمس.", Entity("بغداد", "place")),
    ("ارتفعت الأسعار في سورية.", Entity("سوريا", "place")),
])
def test_entity_patterns(text, expected):
    assert expected in entities("", text)


def test_names_learned_from_cues_are_known_without_them():
    learned = LearnedNames()
    for _ in range(3):
        _, finds = __import__("khabar.enrich.entities", fromlist=["extract"]).extract(
            "", "وقال المدرب زين الدين زيدان إن الفريق جاهز.", learned)
        learned.learn(finds)
    found = entities("", "وأكد زيدان أن المباراة صعبة.", learned)
    assert Entity("زين الدين زيدان", "person") in found or Entity("زين الدين", "person") in found


def test_category_model_learns_and_round_trips():
    examples = [("المنتخب يفوز بالمباراة", "اللاعب سجل هدفا في المباراة", "sport")] * 5
    examples += [("أسعار النفط ترتفع", "ارتفعت أسعار النفط في البورصة", "economy")] * 5
    model = train(examples)
    assert model.predict("هدف في المباراة", "") == "sport"
    again = CategoryModel.from_json(model.to_json())
    assert again.predict("", "أسعار البورصة والنفط") == "economy"


def test_enrich_cleans_given_keywords_and_adds_entities():
    r = record(title="السعودية تطلق مشروع نيوم", body="أعلنت السعودية عن مشروع للطاقة الشمسية.",
               keywords=["للسعودية", "الطاقة الشمسیة", "نيوم", "السعودية"])
    enrich(r)
    assert r.keywords == ["السعودية", "الطاقة الشمسية", "نيوم"]
    assert Entity("السعودية", "place") in r.entities


def test_tagger_guesses_a_category_only_when_the_source_gave_none():
    examples = [("المنتخب يفوز بالمباراة", "اللاعب سجل هدفا", "sport")] * 3
    examples += [("أسعار النفط ترتفع", "البورصة", "economy")] * 3
    tagger = Tagger(categories=train(examples))
    guessed = tagger.tag(record(title="المباراة النهائية", body="سجل اللاعب هدفا", category=None))
    kept = tagger.tag(record(title="المباراة النهائية", body="سجل اللاعب هدفا", category="culture"))
    assert guessed.category == "sport" and kept.category == "culture"


def test_entity_filter_in_the_query_language(filled_store):
    from khabar.search import search

    results = search(filled_store, "entity:إيران")
    assert results.total == 1
    assert search(filled_store, "اسم:إيران عقوبات").total == 1


def _league_stats() -> TermStats:
    stats = TermStats()
    filler = ["يحرز الفريق اللقب في الدوري", "الحكومة تعلن خطة جديدة للاقتصاد",
              "مباراة الفريق في الملعب اليوم", "الرئيس يزور العاصمة", "اللقب الثالث للفريق",
              "الأسواق والنفط والاقتصاد", "بين الغرب والشرق"]
    for i in range(240):
        stats.observe(filler[i % len(filler)])
    return stats


LEAGUE = record(
    title="لوكوموتيف يحرز لقب الدوري الروسي بعد غياب طويل",
    body=("أحرز فريق لوكوموتيف لقب الدوري الروسي للمرة الثالثة في تاريخه بعد فوزه في المباراة.\n"
          "وقال مدرب لوكوموتيف إن لقب الدوري الروسي ثمرة عمل طويل، وحضر المباراة سفير فرنسا.\n"
          "واحتفل جمهور لوكوموتيف في الملعب بلقب الدوري الروسي حتى الصباح، وقال اللاعب "
          "البرازيلي إيدر إن الموسم كان صعبا.\n"
          "ولم يحرز الفريق أي لقب منذ سنوات، وكان الحكم الإيطالي حاضرا في المباراة الأخيرة."),
)


def test_keyphrases_are_noun_phrases_an_editor_would_use():
    phrases = keyphrases(LEAGUE.title, LEAGUE.body, _league_stats())
    assert sorted(phrases) == ["لقب الدوري الروسي", "لوكوموتيف"]
    # not the verb of the headline, not a word it uses once ("غياب"), not a lone adjective
    # ("الروسي", "البرازيلي"), not the head of a construct cut from it ("لقب"), not a name
    # met once in passing ("فرنسا"), not a common word of the body alone ("المباراة")
    for word in ("يحرز", "غياب", "الروسي", "البرازيلي", "لقب", "فرنسا", "المباراة", "الدوري"):
        assert word not in phrases


def test_keyphrases_drop_a_phrase_cut_mid_construct_or_opening_with_an_adjective():
    stats = _league_stats()
    title = "جنوب غرب البلاد يشهد هجمات والشرطة الباكستانية تتأهب"
    body = ("شهد جنوب غرب البلاد هجمات على الشرطة الباكستانية. وقالت الشرطة الباكستانية إن "
            "الهجمات استهدفت نقاط تفتيش، وإن الشرطة الباكستانية اعتقلت مشتبهين.\n"
            "وتكررت الهجمات في جنوب غرب البلاد خلال العام.")
    phrases = keyphrases(title, body, stats)
    assert "الشرطة الباكستانية" in phrases and "هجمات" in phrases
    assert not any(p.startswith(("جنوب غرب", "الباكستانية")) for p in phrases)


def test_a_name_inside_a_longer_tag_is_said_by_it():
    assert _merge(["موسكو"], ["لوكوموتيف موسكو", "لقب الدوري"]) == ["لوكوموتيف موسكو", "لقب الدوري"]


def test_a_title_without_its_name_and_a_verb_first_phrase_are_no_tags():
    from collections import Counter

    from khabar.enrich.keyphrases import _Candidate, _noun_phrase

    stats = TermStats(n_docs=300, spellings=Counter({"المستشفى": 40, "مستشفى": 60}))

    def tag(form: str) -> bool:
        c = _Candidate(tuple(form.split()), count=9.0, occurrences=3, in_title=True,
                       forms=Counter({form: 3}))
        return _noun_phrase(c, stats, lambda k: False)

    assert tag("مستشفى الشفاء")
    # a title without its name: the person is the tag
    for title in ("رئيس الوزراء", "الرئيس الروسي", "وزير الداخلية اللبناني", "المتحدث"):
        assert not tag(title), title
    assert not tag("يتعامل محمد صلاح")  # a phrase opening with a verb


def test_one_tag_under_its_case_endings():
    assert _merge(["الحوثيون"], ["الحوثيين", "ممر شرفي", "ممرا شرفيا"]) == ["الحوثيون", "ممر شرفي"]


def test_a_definite_noun_mostly_said_with_its_adjective_is_no_tag_alone():
    from collections import Counter

    from khabar.enrich.keyphrases import _Candidate, _noun_phrase

    stats = TermStats(n_docs=300)
    cut = _Candidate(("اتفاق",), count=9.0, occurrences=4, in_title=True, heads=3,
                     forms=Counter({"الاتفاق": 4}))
    alone = _Candidate(("نفط",), count=9.0, occurrences=4, in_title=True, heads=1,
                       forms=Counter({"النفط": 4}))
    assert not _noun_phrase(cut, stats, lambda k: False)  # «الاتفاق» of «الاتفاق النووي»
    assert _noun_phrase(alone, stats, lambda k: False)
