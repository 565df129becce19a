"""The one reading of an article's text (``khabar.enrich.reading``) gives every step exactly
what it computed on its own before."""

from __future__ import annotations

import hashlib

import pytest

from khabar.arabic import fold, tokens
from khabar.arabic.analyzer import term
from khabar.enrich.fingerprint import content_hash
from khabar.enrich.keyphrases import segments
from khabar.enrich.near_copies import copy_signature, copy_text, hash_values, text_signature
from khabar.enrich.reading import Reading, read
from khabar.enrich.tagforms import plain
from khabar.enrich.tagforms import fold as cached_fold

TEXTS = [
    ("ترامبُ يلتقي كيم", "قال الرئيسُ الأمريكيّ دونالد ترامب، اليوم، إنه سيلتقي كيم.\n"
     "وأضاف أن اللقاء في سنغافورة https://example.com/a?b=1 — والأمن الوطني للأمن."),
    ("Title only", ""),
    ("", "#عمر_البشير يزور القاهرة\r\nثم يعود ٢٠١٨ و 3.5% من الـــوقت"),
    ("قصير", " ".join(["كلمة"] * 3 + ["ثانية", "ثالثة", "رابعة"] * 10)),
]


@pytest.mark.parametrize(("title", "body"), TEXTS)
def test_the_reading_is_what_each_step_read_on_its_own(title, body):
    reading = Reading(title, body)
    text = title + "\n" + body
    spellings = {cached_fold(plain(w)) for w, _, _ in tokens(text)}
    assert reading.spellings == spellings
    assert reading.terms == {t for w in spellings if (t := term(w)) is not None}
    assert reading.folded_words() == [w for w, _, _ in tokens(fold(f"{title}\n{body}"))]
    assert reading.body_folded == [w for w, _, _ in tokens(fold(body))]
    words = [w for w, _, _ in tokens(fold(f"{title}\n{body}"))]
    assert content_hash(title, body) == hashlib.sha256(" ".join(words).encode()).hexdigest()
    assert hash_values(copy_signature(title, body)) == hash_values(
        text_signature(copy_text(title, body)))


def test_read_shares_one_reading_per_text():
    first = read("عنوان", "نص الخبر")
    assert read("عنوان", "نص الخبر") is first
    assert read("عنوان", "نص آخر") is not first


def test_segments_are_the_same_with_a_shared_memo():
    def seen(rest: str, whole: str) -> bool:
        return rest in {"امن", "الامن", "نادي"}

    paragraphs = ["والأمن الوطني للأمن، كمدرب لنادي", "للأمن الوطني والأمن"]
    memo: dict = {}
    assert [segments(p, seen, memo) for p in paragraphs] == [segments(p, seen) for p in paragraphs]
