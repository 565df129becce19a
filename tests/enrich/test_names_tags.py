"""Names and tags a reader can trust (issue 13): a curated gazetteer, no title fragments as
names, a page's keyword line cut into its tags, categories from the first article."""

from __future__ import annotations

from pathlib import Path

import pytest

from khabar.enrich.categories import section_category
from khabar.enrich.default_categories import default_model
from khabar.enrich.gazetteer import gazetteer
from khabar.enrich.tagforms import key, tag_form
from khabar.enrich.tagger import Tagger, split_listed
from khabar.pipeline import import_paths
from khabar.store import ArticleRecord, open_store

DUMP = Path(__file__).resolve().parent / "fixtures" / "dump_hammouchi_ankara.txt"
CATEGORIES = {"internationalNews", "middleEast", "sport", "economy", "technology", "culture"}


@pytest.mark.parametrize("word", ["الخميس", "الجمعة", "رمضان", "الجديدة", "جامعة", "ثورة"])
def test_common_words_are_no_places(word):
    hit = gazetteer().get(key(word))
    assert hit is None or hit[1] != "place" or hit[0] != word and key(hit[0]) != key(word)
    assert not Tagger().tag(ArticleRecord(title="خبر", body=f"وقال المسؤول {word} إن الوضع مستقر.")).entities


@pytest.mark.parametrize("alias, shown", [
    ("لس آنجلس", "لوس أنجلوس"), ("ورشو", "وارسو"), ("أنفا", "الدار البيضاء"), ("ميونيخ", "ميونيخ"),
    ("روما", "روما"), ("الدار البيضاء", "الدار البيضاء"), ("سورية", "سوريا"),
])
def test_places_show_the_spelling_outlets_use_and_keep_the_variants(alias, shown):
    assert gazetteer()[key(alias)] == (shown, "place")


def test_no_place_is_shown_in_a_spelling_outlets_do_not_use():
    shown = {name for name, _ in gazetteer().values()}
    assert not shown & {"لس آنجلس", "مونخ", "ورشو", "رم", "أنفا"}
    assert "الخميس" not in gazetteer()  # the town «أفرفيل» keeps its other names


@pytest.mark.parametrize("body", [
    "وقال نائب رئيس مجلس الوزراء إن الحكومة ستعمل.",
    "وكان الملك قد ارسل رسالة إلى الرئيس.",
    "وقال الشيخ حفظهم الله إن البلاد بخير.",
    "أعلن الرئيس الروسي الذي أعيد انتخابه الأحد عن حكومة جديدة.",
])
def test_title_fragments_and_verb_phrases_are_no_names(body):
    found = Tagger().tag(ArticleRecord(title="خبر", body=body)).entities
    assert all(e.type != "person" for e in found), found
    assert "نائب رئيس مجلس" not in {e.name for e in found}


def test_a_keyword_line_is_cut_into_its_tags():
    line = "المغرب تركيا للأمن الوطنی المغربی المدیر العام"
    assert [tag_form(t) for t in split_listed(line)] == [
        "المغرب", "تركيا", "الأمن الوطني المغربي", "المدير العام"]
    assert split_listed("الأمن الوطني") == ["الأمن الوطني"]


def test_feed_sections_name_categories():
    assert section_category("الرياضة") == "sport"
    assert section_category("اقتصاد") == "economy"
    assert section_category("Technology") == "technology"
    assert section_category("آراء") is None


def test_the_shipped_category_model_is_small_and_knows_the_six_categories():
    from khabar.enrich.default_categories import PATH

    assert PATH.stat().st_size < 200_000
    model = default_model()
    assert model is not None and set(model.classes) == CATEGORIES
    assert model.predict("ريال مدريد يفوز على برشلونة", "سجل المهاجم هدفين في المباراة") == "sport"


def test_a_fresh_database_tags_an_aggregator_page_dump(tmp_path):
    with open_store(tmp_path / "fresh.db") as store:
        report = import_paths(store, [DUMP])
        assert report.inserted >= 1
        main = next(a for a in store.latest(limit=5) if "أنقرة" in a.title)
        found = {(e.name, e.type) for e in main.entities}
        assert ("عبد اللطيف حموشي", "person") in found
        assert ("المديرية العامة للأمن الوطني", "organization") in found
        assert {("أنقرة", "place"), ("المغرب", "place"), ("تركيا", "place")} <= found
        assert main.keywords == ["المغرب", "تركيا", "الأمن الوطني المغربي", "المدير العام"]
        assert main.category in CATEGORIES  # the shipped model, before any training
        assert all(a.category in CATEGORIES for a in store.latest(limit=5))
