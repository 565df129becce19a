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


@pytest.mark.parametrize(("title", "body"), TEXTS)
def test_shared_tokens_give_the_words_and_segments_of_each_text(title, body):
    from khabar.enrich.entity_words import words_of
    from khabar.enrich.keyphrases import _paragraphs

    reading = Reading(title, body)
    assert reading.title_tokens == list(tokens(title))
    assert reading.body_tokens == list(tokens(body))
    assert words_of(body, reading.body_tokens) == words_of(body)
    assert words_of(title, reading.title_tokens) == words_of(title)

    def seen(rest: str, whole: str) -> bool:
        return rest in reading.spellings

    lines = [p for p in body.split("\n") if p.strip()]
    shared = _paragraphs(body, reading.body_tokens)
    assert len(shared) == len(lines)
    assert [segments(body, seen, None, found, start) for start, found in shared] == [
        segments(p, seen) for p in lines]


def test_entities_skip_only_words_no_rule_can_start_at(monkeypatch):
    """``extract`` tries its rules only where ``_gate`` allows: the same finds as trying
    every word."""
    from khabar.enrich import entities
    from khabar.enrich.learned_names import LearnedNames

    learned = LearnedNames()
    texts = [*TEXTS, ("نيمار: أرغب باللعب تحت قيادة غوارديولا",
                      "قال نيمار إن المدرب الإسباني بيب غوارديولا، المدرب السابق لبرشلونة، "
                      "يريد التعاقد مع مروان فيلايني. وقالت حركة حماس ووزارة الخارجية "
                      "الأمريكية إن عبد اللطيف حموشي التقى أليسيا بوتشيتا، القاضية السابقة.")]
    for _ in range(3):  # learned names and given names too
        for title, body in texts:
            learned.learn(entities.extract(title, body, learned)[1])
    gated = [entities.extract(t, b, learned) for t, b in texts]
    monkeypatch.setattr(entities, "_gate", lambda memo, known, folded: (True, (), ()))
    monkeypatch.setattr(entities, "_GATES", {})
    monkeypatch.setattr(entities, "_GATES_FOR", [None])
    monkeypatch.setattr(entities, "_STATIC", {})
    assert [entities.extract(t, b, learned) for t, b in texts] == gated
    assert any(finds for _, finds in gated)
