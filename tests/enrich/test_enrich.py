from __future__ import annotations

import pytest

from khabar.arabic import Dateline
from khabar.enrich import content_hash, enrich
from tests.conftest import record


@pytest.mark.parametrize(
    "variant",
    [
        "أعلنت الحكومة، اليوم خطة جديدة",  # attached Arabic comma
        "أَعْلَنَتِ الحُكُومَةُ اليوم خطة جديدة",  # harakat
        "أعلنـــت الحكومة اليوم خطة جديدة",  # tatweel
        "اعلنت الحكومه اليوم  خطه جديده",  # no hamza, ه for ة, double space
        "أعلنت\u200f الحكومة\u00a0اليوم خطة جديدة.",  # bidi mark, NBSP, full stop
    ],
)
def test_content_hash_ignores_spelling_noise(variant):
    assert content_hash("عنوان", variant) == content_hash("عنوان", "أعلنت الحكومة اليوم خطة جديدة")


def test_content_hash_sees_a_different_word():
    assert content_hash("عنوان", "أعلنت الحكومة") != content_hash("عنوان", "أعلنت الوزارة")


def test_enrich_cleans_text_finds_dateline_and_hashes():
    r = enrich(
        record(
            title="  الوطنی\u200f يفوز ",
            body="القاهرة (رويترز) - أعلنت الحكومة المصرية اليوم خطة جديدة.\nفقرة ثانية.",
            keywords=[" الأمن ", "", "الوطنی"],
        )
    )
    assert r.title == "الوطني يفوز"
    assert r.keywords == ["الأمن", "الوطني"]
    assert r.dateline == Dateline("القاهرة", "رويترز")
    assert r.body.startswith("القاهرة (رويترز) -")  # the body is kept whole
    assert r.content_hash == content_hash(r.title, r.body)


def test_enrich_keeps_a_dateline_the_reader_found():
    given = Dateline("دبي", "وام")
    assert enrich(record(body="دبي - رويترز: نص", dateline=given)).dateline == given


@pytest.mark.parametrize(
    "body, title",
    [
        ("دمشق، سوريا (CNN) -- أكدت جهات سورية معارضة أن فصائل مسلحة معارضة لنظام الرئيس بشار الأسد تمكنت من السيطرة",
         "أكدت جهات سورية معارضة أن فصائل مسلحة معارضة لنظام الرئيس بشار الأسد …"),
        ("انتهت المباراة بالتعادل. وقال المدرب إن فريقه لعب جيداً.", "انتهت المباراة بالتعادل."),
    ],
)
def test_an_article_without_headline_is_titled_by_its_opening(body, title):
    assert enrich(record(title="", body=body)).title == title
