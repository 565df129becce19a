"""Judging story summaries and provenance on ANT stories (tests/eval/data/storyline_*.txt|json).

- ``load_stories``: the labelled stories: docnos and the first publisher judged by reading.
- ``ours``, ``lead`` and ``sumy_summary`` (LexRank / TextRank of sumy, over the concatenation of
  the story's articles, with khabar's sentences, words, stems and stop words so that only the
  ranking differs): the systems compared.
- ``auto_checks``: what a program can judge of a summary — its length, sentences repeated across
  outlets (word 3-shingle Jaccard ≥ ``DUPLICATE_JACCARD`` between two of its sentences), and
  sentences not attributed to one article that holds them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from khabar.arabic import fold, term, tokens
from khabar.arabic.stopwords import STOP_WORDS
from khabar.enrich.fingerprint import content_hash
from khabar.enrich.near_copies import jaccard, shingles
from khabar.enrich.story_facts import in_order, split_sentences, story_facts
from khabar.enrich.story_summary import summarize
from khabar.ingest.urls import canonical_url
from khabar.store.records import Article

DATA = Path(__file__).parent / "data"
STORIES = DATA / "storyline_stories.txt"
JUDGED = DATA / "storyline_judged.json"
#: two summary sentences this close (word 3-shingles) say the same thing twice
DUPLICATE_JACCARD = 0.5


@dataclass(frozen=True)
class LabelledStory:
    number: int
    first: str  # the first publisher, judged by reading (an agency or an outlet)
    docnos: tuple[str, ...]
    note: str


def load_stories(path: Path = STORIES) -> list[LabelledStory]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        body, _, note = line.partition("|")
        if not body.strip() or body.startswith("#"):
            continue
        kind, number, first, *docnos = body.split()
        assert kind == "story", line
        found.append(LabelledStory(int(number), first.replace("_", " "), tuple(docnos),
                                   note.strip()))
    return found


@dataclass(frozen=True)
class Picked:
    """One sentence of a summary and the article it is attributed to (None: not attributed)."""

    text: str
    article_id: int | None


def stored_story_articles(store, ant_file: Path, stories: list[LabelledStory]) -> dict[int, list[Article]]:
    """Labelled story number → its articles in a store filled with the ANT corpus (found by
    canonical URL, else by content; URL duplicates folded to one)."""
    stored = [a for chunk in store.articles_in_arrival_order() for a in chunk]
    by_url = {a.canonical_url: a for a in stored}
    by_hash = {a.content_hash: a for a in reversed(stored)}
    wanted = {d for s in stories for d in s.docnos}
    of = {}
    with gzip.open(ant_file, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["docno"] in wanted:
                of[row["docno"]] = by_url.get(canonical_url(row["url"])) or by_hash[
                    content_hash(row["title"].strip(), row["text"].strip())]
    return {s.number: list({of[d].id: of[d] for d in s.docnos}.values()) for s in stories}


def ours(articles: list[Article]) -> list[Picked]:
    return [Picked(s.text, s.article_id) for s in summarize(story_facts(articles))]


def lead(articles: list[Article]) -> list[Picked]:
    """The baseline: the first article's lead paragraph (its first sentences, up to 3)."""
    first = in_order(articles)[0]
    return [Picked(s, first.id) for s in split_sentences(first.body)[:3]]


class _Tokenizer:
    language = "arabic"

    @staticmethod
    def to_sentences(text: str) -> list[str]:
        return split_sentences(text)

    @staticmethod
    def to_words(text: str) -> list[str]:
        return [w for w, _, _ in tokens(fold(text))]


def sumy_summary(articles: list[Article], method: str, size: int) -> list[Picked]:
    """sumy's LexRank or TextRank over all the story's sentences (copies included, as a reader
    of every outlet would meet them), each picked sentence attributed to its article."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    tokenizer = _Tokenizer()
    owner: dict[str, int] = {}
    paragraphs = []
    for article in in_order(articles):
        sentences = split_sentences(article.body)
        for s in sentences:
            owner.setdefault(s, article.id)
        paragraphs.append(Paragraph([Sentence(s, tokenizer) for s in sentences]))
    summarizer = (LexRankSummarizer if method == "lexrank" else TextRankSummarizer)(
        lambda word: term(word) or word)
    summarizer.stop_words = STOP_WORDS
    picked = summarizer(ObjectDocumentModel(paragraphs), size)
    return [Picked(str(s), owner.get(str(s))) for s in picked]


@dataclass(frozen=True)
class Auto:
    sentences: int
    duplicates: int  # pairs of its sentences that say the same thing
    unattributed: int  # sentences that are not a sentence of the article they are attributed to


def auto_checks(picked: list[Picked], articles: list[Article]) -> Auto:
    bodies = {a.id: set(split_sentences(a.body)) for a in articles}
    sets = [shingles(p.text) for p in picked]
    duplicates = sum(jaccard(a, b) >= DUPLICATE_JACCARD for a, b in combinations(sets, 2))
    unattributed = sum(p.article_id is None or p.text not in bodies.get(p.article_id, set())
                       for p in picked)
    return Auto(len(picked), duplicates, unattributed)


def fingerprint(picked: list[Picked]) -> str:
    """Names a summary's text, so that a judgement can tell it judged this very summary."""
    return hashlib.sha256("\n".join(p.text for p in picked).encode()).hexdigest()[:12]


def load_judged(path: Path = JUDGED) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
