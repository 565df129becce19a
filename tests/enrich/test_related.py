"""Choosing related articles among search hits."""

from __future__ import annotations

import pytest

from khabar.enrich import related
from khabar.enrich.near_copies import jaccard, shingles
from khabar.enrich.related import choose_related, is_copy_or_same_story, related_query_terms
from khabar.store import Article
from tests.enrich.story_fixtures import CHESS, OIL, at


def article(id, title, body=OIL, source="BBC", story_id=None, duplicate_of=None, hours=0):  # noqa: A002
    return Article(id=id, source_id=1, source=source, title=title, body=body, url=None,
                   canonical_url=None, guid=None, summary=None, author=None,
                   published_at=at(hours), fetched_at=at(hours), language="ar", category=None,
                   attributed_to=None, keywords=[], dateline=None, content_hash=None,
                   story_id=story_id, duplicate_of=duplicate_of)


BASE = article(1, "أسعار النفط ترتفع بعد قرار أوبك", story_id=1)


def test_query_words_come_from_the_title_first_without_stop_words():
    words = related_query_terms(BASE)
    assert words[:4] == ["أسعار", "النفط", "ترتفع", "قرار"]
    assert "بعد" not in words


def test_same_story_copies_and_far_away_articles_are_never_related():
    same_story = article(2, "أوبك تخفض الإنتاج والنفط يرتفع", body="نص مختلف عن أوبك والنفط والإنتاج", story_id=1)
    copy = article(3, "عنوان آخر", story_id=7, duplicate_of=1)
    same_text = article(4, "النفط يقفز", story_id=8)  # same body as BASE: a copy
    old = article(5, "النفط في 2010 وأوبك", body="نص عن أوبك", story_id=9, hours=-24 * 60)
    good = article(6, "أوبك تجتمع في فيينا لبحث الإنتاج", body="وزراء أوبك يجتمعون في فيينا", story_id=10)
    assert is_copy_or_same_story(BASE, same_story) and is_copy_or_same_story(BASE, copy)
    assert is_copy_or_same_story(BASE, same_text)
    chosen = choose_related(BASE, [(a, 1.0) for a in (same_story, copy, same_text, old, good)])
    assert [r.article.id for r in chosen] == [6]
    assert chosen[0].shared == ("أوبك", "الإنتاج")
    assert chosen[0].reason == "كلمات مشتركة: أوبك، الإنتاج"


def test_outlets_are_spread_and_one_article_per_story():
    hits = [
        (article(10, "أوبك والنفط ١", body="أوبك", source="BBC", story_id=20), 3.0),
        (article(11, "أوبك والنفط ٢", body="أوبك", source="BBC", story_id=21), 2.9),
        (article(12, "أوبك والنفط ٣", body="أوبك", source="BBC", story_id=21), 2.8),
        (article(13, "أوبك والنفط ٤", body="أوبك", source="CNN", story_id=22), 2.0),
    ]
    chosen = choose_related(BASE, hits, limit=2)
    assert [r.article.id for r in chosen] == [10, 13]
    assert len(choose_related(BASE, hits, limit=5)) == 3  # story 21 once


def test_the_copy_test_reads_an_article_again_when_its_text_changes():
    from tests.enrich.story_fixtures import WIRE

    copy = article(30, "عنوان مختلف تماما", body=WIRE, story_id=31)
    base = article(32, "عنوان أول", body=WIRE, story_id=33)
    assert is_copy_or_same_story(base, copy)
    rewritten = article(30, "عنوان مختلف تماما", body=OIL + " " + CHESS, story_id=31)
    assert not is_copy_or_same_story(base, rewritten)  # same id, another text: read again
    assert is_copy_or_same_story(base, copy)


@pytest.mark.parametrize("cut", [0, 1, 2, 3])
def test_the_kept_shingles_give_the_jaccard_of_the_shingle_sets(cut):
    from tests.enrich.story_fixtures import TORONTO_REWRITE, WIRE

    texts = [WIRE, "\n".join(WIRE.split("\n")[cut:]), TORONTO_REWRITE, OIL, CHESS, "", "نص"]
    for i, a in enumerate(texts):
        for j, b in enumerate(texts):
            left, right = article(100 + i, f"أ{i}", body=a), article(200 + j, f"ب{j}", body=b)
            hashed = related._jaccard(related._reading(left).shingles(a),
                                      related._reading(right).shingles(b))
            assert hashed == jaccard(shingles(a), shingles(b))
