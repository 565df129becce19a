"""Tags of an article: keywords, named entities and category, against what the corpus knows.

A ``Tagger`` holds what the tags are measured against — term document frequencies
(``keyphrases.TermStats``), names learned from the corpus (``entities.LearnedNames``) and the
category model (``categories.CategoryModel``). ``Tagger.for_store(store)`` seeds all three
from the store, with the spelling counts an import kept (``SPELLINGS_MODEL``); ``Tagger()``
knows only the gazetteer and learns as articles pass, which is what ``enrich(record)`` uses
when it is given no tagger.

``tag(record)``:

1. keywords: a source's own keywords are kept, made clean tags (``tagforms.tag_form``: no
   clitic, no Persian letter, phrases whole); otherwise the leading entities (in the title or
   mentioned twice) then the keyphrases, one tag per key, at most ``MAX_KEYWORDS``;
2. entities: ``entities.extract``; the names found by cues are learned;
3. category: the source's section if it gave one (mapped to a category when it names one:
   "الرياضة" → sport), else the model's guess: the archive's (``khabar train-categories``),
   or before it has one the model shipped in the package (``default_categories``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from khabar.arabic import fold, term, tokens
from khabar.arabic.analyzer import words as raw_words
from khabar.enrich.categories import MODEL_NAME, CategoryModel, section_category
from khabar.enrich.default_categories import default_model
from khabar.enrich.entities import LearnedNames, extract, word_variants
from khabar.enrich.lexicon import common_nouns
from khabar.enrich.reading import read, spelling
from khabar.enrich.keyphrases import ATTESTED_SPELLING, MAX_PHRASES, TermStats, keyphrases
from khabar.enrich.gazetteer import gazetteer
from khabar.enrich.tagforms import key, plain, tag_form
from khabar.store.records import ArticleRecord
from khabar.store.tags import NAME_VARIANTS_MODEL

MAX_KEYWORDS = MAX_PHRASES
#: entities put before the keyphrases
LEADING_ENTITIES = 3
#: mentions that make an entity outside the title a topic (a keyword)
TOPIC_MENTIONS = 3
#: a word in more than this share of articles is common (not part of a name found by a cue)
COMMON_SHARE = 0.03
NAMES_MODEL = "names"
#: the corpus's spelling counts (``TermStats.spellings``, pruned by ``kept_spellings``): what
#: the clitic and article rules read, kept by an import for the taggers started later
SPELLINGS_MODEL = "spellings"
#: a word written with the article this share of the times it is written without is a noun,
#: not a name (ANT: «دعوة» 1.9, «مستشار» 2.6, «مناقشة» 1.1 against «جونسون» 0, «بومبيو» 0)
NOUN_ARTICLE_SHARE = 0.3
NOUN_MIN_SIGHTINGS = 20
#: a keyword given by a source with more words than this, and no separator, is a list
LISTED_MAX_WORDS = 4


@dataclass(frozen=True, slots=True)
class Observation:
    """What one article teaches a tagger: its folded spellings and terms (``TermStats``) and
    the names it gave with a cue (``LearnedNames.learn``)."""

    words: frozenset[str]
    terms: frozenset[str]
    finds: tuple[tuple[str, str, bool], ...] = ()
    source: str | None = None


def observation(text: str) -> Observation:
    """The spellings and terms ``TermStats.observe`` counts for ``text``."""
    words = frozenset(map(spelling, raw_words(text)))
    return Observation(words, frozenset(t for w in words if (t := term(w)) is not None))


def _observation_of(record: ArticleRecord) -> Observation:
    """``observation`` of the record's title and body, from the reading the other steps share."""
    reading = read(record.title, record.body)
    return Observation(reading.spellings, reading.terms)


class Tagger:
    """See the module docstring. A *deferred* tagger (``deferred=True``) learns nothing as it
    tags: each article is tagged against what the tagger knew before plus the article itself,
    and what it teaches is kept (``take_observations``) to be learned later, in order, by
    ``learn_from`` — on this tagger and on every copy of it in other processes
    (``khabar.pipeline.pool``), which therefore tag alike."""

    def __init__(self, stats: TermStats | None = None, names: LearnedNames | None = None,
                 categories: CategoryModel | None = None, *, learn: bool = True,
                 deferred: bool = False) -> None:
        self.learn = learn
        self.deferred = deferred
        self.stats = stats or TermStats()
        self.names = names or LearnedNames()
        self.categories = categories
        self._own: Observation | None = None
        self._observed: list[Observation] = []

    def take_observations(self) -> list[Observation]:
        """What the articles tagged since the last call teach (a deferred tagger)."""
        taken, self._observed = self._observed, []
        return taken

    def learn_from(self, observations: list[Observation]) -> None:
        """Learn, in order, what tagged articles taught (``take_observations``)."""
        for seen in observations:
            self._count(seen, 1)
            self.names.learn(list(seen.finds), self._common, seen.source)

    def _count(self, seen: Observation, sign: int) -> None:
        stats = self.stats
        stats.n_docs += sign
        if sign > 0 and isinstance(stats.spellings, Counter):
            stats.spellings.update(seen.words)  # in C; a count only grows here
            pairs: tuple = ((stats.df, seen.terms),)
        else:
            pairs = ((stats.spellings, seen.words), (stats.df, seen.terms))
        for counts, keys in pairs:
            for k in keys:
                n = counts.get(k, 0) + sign
                if n:
                    counts[k] = n
                else:
                    del counts[k]

    @classmethod
    def for_store(cls, store) -> Tagger:  # noqa: ANN001 - khabar.store.Store
        n_docs, df = store.term_document_frequencies()
        model = store.load_model(MODEL_NAME)
        spellings = store.load_model(SPELLINGS_MODEL) or {}
        return cls(
            TermStats(n_docs=n_docs, df=df, spellings=Counter(spellings.get("counts", {}))),
            LearnedNames.from_json(store.load_model(NAMES_MODEL)),
            CategoryModel.from_json(model) if model else default_model(),
        )

    def save(self, store) -> None:  # noqa: ANN001
        """Keep the learned names and the spelling counts in the store for the next tagger."""
        store.save_model(NAMES_MODEL, self.names.to_json())
        store.save_model(SPELLINGS_MODEL, {"version": 1,
                                           "counts": kept_spellings(self.stats.spellings)})
        if self.names.variants:  # learned spellings only grow: none learned, none to keep
            store.save_model(NAME_VARIANTS_MODEL, self.names.variants_json())

    def observe(self, record: ArticleRecord) -> None:
        """Count the article in the corpus statistics (before tagging it). A deferred tagger
        counts it until it is tagged."""
        if self.deferred:
            if self._own is not None:
                self._count(self._own, -1)
            self._own = _observation_of(record)
            self._count(self._own, 1)
        elif self.learn:
            self._count(_observation_of(record), 1)  # as ``TermStats.observe`` counts it

    def tag(self, record: ArticleRecord) -> ArticleRecord:
        found, finds = extract(record.title, record.body, self.names, self._common)
        if self.deferred:
            try:
                self._tag(record, found, finds)
            finally:
                own, self._own = self._own, None
                if own is not None:
                    self._count(own, -1)
            seen = own or _observation_of(record)
            self._observed.append(Observation(seen.words, seen.terms, tuple(finds), record.source))
            return record
        # names an article teaches are learned after it is tagged, as a deferred tagger
        # learns them (its keywords must not depend on whether the import is pooled)
        self._tag(record, found, finds)
        if self.learn:
            self.names.learn(finds, self._common, record.source)
        return record

    def _tag(self, record: ArticleRecord, found: list, finds: list) -> ArticleRecord:
        record.entities = found
        if record.keywords:
            listed = [t for k in record.keywords for t in split_listed(k, self.names)]
            record.keywords = _unique(tag_form(k) for k in listed)
        else:
            leading = [e.name for e in found[:LEADING_ENTITIES] if _prominent(e.name, finds, record)]
            phrases = keyphrases(record.title, record.body, self.stats, known=self._known)
            record.keywords = _merge(leading, phrases)
        if record.category:
            record.category = section_category(record.category) or record.category
        elif self.categories is not None:
            record.category = self.categories.predict(record.title, record.body)
        return record

    def _known(self, k: str) -> bool:
        """A name: in the gazetteer or learned (``k`` a ``tagforms.key``)."""
        return k in gazetteer() or k in self.names.names

    def _common(self, folded: str) -> bool:
        """A word that is no part of a name: frequent in the corpus, or a noun ("دعوة",
        "لمناقشة": written with the article as often as without)."""
        if self.stats.n_docs >= 200:
            t = term(folded)
            if t is not None and self.stats.df.get(t, 0) > COMMON_SHARE * self.stats.n_docs:
                return True
        nouns = common_nouns()
        return any(v in nouns or _takes_article(self.stats.spellings, v)
                   for v, _ in word_variants(folded))


def kept_spellings(spellings) -> dict[str, int]:  # noqa: ANN001 - a Counter
    """The spelling counts worth keeping (``SPELLINGS_MODEL``): every rule that reads a count
    answers the same without the others. A count under ``ATTESTED_SPELLING`` passes no
    keyphrase threshold (all ≥ it) and, where it is compared to another count, loses to any
    count that passes; ``_takes_article`` adds a word's count to its definite form's, so a
    rare undefinite spelling is kept when the two reach ``NOUN_MIN_SIGHTINGS`` together."""
    return {w: n for w, n in spellings.items()
            if n >= ATTESTED_SPELLING or (n > 0 and not w.startswith("ال")
                                          and n + spellings.get("ال" + w, 0) >= NOUN_MIN_SIGHTINGS)}


def _takes_article(spellings, folded: str) -> bool:  # noqa: ANN001 - a Counter
    """A word the corpus writes with the article at least ``NOUN_ARTICLE_SHARE`` as often as
    without, seen ``NOUN_MIN_SIGHTINGS`` times: a common noun or adjective, not a name."""
    if folded.startswith("ال"):
        return False
    bare_n, with_article = spellings.get(folded, 0), spellings.get("ال" + folded, 0)
    return (bare_n + with_article >= NOUN_MIN_SIGHTINGS
            and with_article >= NOUN_ARTICLE_SHARE * bare_n)


def split_listed(line: str, names: LearnedNames | None = None) -> list[str]:
    """A page's keyword line written with spaces only, cut into its tags: known names whole
    (the gazetteer's and the learned ones), the other words as noun phrases — a nisba adjective
    ends a phrase before a definite noun ("الأمن الوطني المغربي | المدير العام"). A line of
    ``LISTED_MAX_WORDS`` words or fewer is one tag."""
    words = [plain(w) for w, _, _ in tokens(line) if plain(w)]
    if len(words) <= LISTED_MAX_WORDS:
        return [line]
    known = gazetteer()
    learned = names.names if names else {}
    out: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(4, len(words) - i), 0, -1):
            k = key(" ".join(words[i:i + n]))
            if k in known or k in learned:
                break
        else:
            n = 0
        if n:
            out.extend([" ".join(current)] if current else [])
            current = []
            out.append(" ".join(words[i:i + n]))
            i += n
            continue
        if current and _opens_phrase(current[-1], words[i]):
            out.append(" ".join(current))
            current = []
        current.append(words[i])
        i += 1
    if current:
        out.append(" ".join(current))
    return out


def _opens_phrase(before: str, word: str) -> bool:
    """A definite noun after a definite nisba adjective, or a definite word after an
    indefinite one, starts another phrase."""
    b, w = key(before), key(word)
    if not w.startswith("ال"):
        return False
    if not b.startswith("ال"):
        return True
    return b.endswith("ي") and not w.endswith("ي")


def _prominent(name: str, finds: list, record: ArticleRecord) -> bool:
    """The entity is a topic of the article: in its title, or named ``TOPIC_MENTIONS`` times
    (a country named twice in passing, «الولايات المتحدة» in a story on Douma, is no tag)."""
    mentions = sum(1 for n, _, _ in finds if n == name or name.endswith(" " + n))
    return mentions >= TOPIC_MENTIONS or fold(name.split()[-1]) in fold(record.title)


def _merge(leading: list[str], phrases: list[str]) -> list[str]:
    out: list[str] = []
    keys: list[set[str]] = []
    for tag in [*leading, *phrases]:
        words = {_case_free(w) for w in key(tag).split()}
        if not words or any(words <= k for k in keys):
            continue
        out.append(tag)
        keys.append(words)
    # a name inside a longer tag is said by it ("موسكو" beside "لوكوموتيف موسكو")
    kept = [t for t, w in zip(out, keys) if not any(w < other for other in keys)]
    return kept[:MAX_KEYWORDS]


def _case_free(word: str) -> str:
    """A tag word without its case ending, so one tag is not shown twice: «الحوثيون» /
    «الحوثيين», «ممر شرفي» / «ممرا شرفيا»."""
    if len(word) > 5 and word.endswith("ون"):
        return word[:-2] + "ين"
    if len(word) > 3 and word.endswith("ا") and not word.startswith("ال"):
        return word[:-1]
    return word


def _unique(tags) -> list[str]:  # noqa: ANN001 - an iterable of str
    out: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        k = key(tag)
        if tag and k not in seen:
            seen.add(k)
            out.append(tag)
    return out


_DEFAULT: Tagger | None = None


def default_tagger() -> Tagger:
    """The tagger for articles enriched without one: the gazetteer and the shipped category
    model only, learning nothing."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Tagger(categories=default_model(), learn=False)
    return _DEFAULT
