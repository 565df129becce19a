"""The Lucene port behaves as Lucene's ArabicNormalizer + ArabicStemmer, including the failures the
issue lists; Snowball is PyStemmer's."""

import pytest

from tests.eval.reference_analyzers import lucene_normalize, lucene_stem, lucene_terms, snowball_terms

LUCENE = [
    ("لمدرسة", "لمدرس"),  # ل alone is no Lucene prefix; ة→ه, then ه as a suffix
    ("المدرسة", "مدرس"),
    ("حكومتها", "حكومت"),
    ("حكومة", "حكوم"),
    ("لجنتها", "لجنت"),
    ("لبنان", "لبن"),
    ("وجه", "وج"),
    ("سكان", "سك"),
    ("والمغاربة", "مغارب"),
    ("كتب", "كتب"),
    ("الحُكُومَة", "حكوم"),
    ("وال", "وال"),
]


@pytest.mark.parametrize(("word", "expected"), LUCENE)
def test_lucene(word: str, expected: str) -> None:
    assert lucene_stem(lucene_normalize(word)) == expected


def test_lucene_terms_lowercase_and_digits() -> None:
    assert lucene_terms("BBC ٢٠١٨ إدارة") == ["bbc", "2018", "ادار"]


SNOWBALL = [("والمغاربة", "والمغارب"), ("والمفاوضات", "والمفاوضا"), ("فرنسيون", "رنسي"),
            ("بيان", "يان"), ("وزيرة", "زير")]


@pytest.mark.parametrize(("word", "expected"), SNOWBALL)
def test_snowball_failures_listed_in_the_issue(word: str, expected: str) -> None:
    assert snowball_terms(word) == [expected]
