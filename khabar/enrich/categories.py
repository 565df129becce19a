"""Categories: the source's section when the feed gives one, else a classifier's guess.

``CategoryModel`` is a multinomial naive Bayes model — a linear model over ``analyze``
terms — trained by khabar's own code (numpy) on the categorized articles of the archive:
``train(examples)`` counts terms per category with add-one smoothing over a vocabulary of
terms met in at least ``MIN_DF`` articles. The title's terms count ``TITLE_WEIGHT`` times.
``khabar train-categories`` retrains it and keeps it in the store (``Store.save_model``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from khabar.arabic import analyze, fold

MODEL_NAME = "categories"
MIN_DF = 3
TITLE_WEIGHT = 2
#: body characters read per article, for training and guessing alike
MAX_BODY_CHARS = 4000


#: feed sections that say a category, folded (``khabar.arabic.fold``) → the category (ANT's)
SECTION_WORDS: dict[str, tuple[str, ...]] = {
    "sport": ("رياضه", "الرياضه", "رياضة", "sport", "sports", "كره القدم", "ملاعب"),
    "economy": ("اقتصاد", "الاقتصاد", "مال واعمال", "المال والاعمال", "اعمال", "اسواق",
                "business", "economy", "finance", "markets"),
    "technology": ("تكنولوجيا", "التكنولوجيا", "تقنيه", "علوم وتكنولوجيا", "علوم",
                   "technology", "tech", "science"),
    "culture": ("ثقافه", "الثقافه", "فن", "فنون", "ثقافه وفن", "منوعات", "culture", "arts"),
    "internationalNews": ("العالم", "دولي", "دوليه", "عالمي", "اخبار العالم", "world",
                          "international", "internationalnews"),
    "middleEast": ("الشرق الاوسط", "عربي", "عربيه", "العالم العربي", "اخبار عربيه",
                   "middle east", "middleeast", "arab world"),
}
_SECTIONS = {fold(w).lower(): c for c, words in SECTION_WORDS.items() for w in (*words, c)}


def section_category(section: str) -> str | None:
    """The category a feed's section names ("الرياضة" → "sport"), or None."""
    return _SECTIONS.get(fold(section).strip().lower())


def features(title: str, body: str) -> Counter:
    counts = Counter(analyze(body[:MAX_BODY_CHARS]))
    for t in analyze(title):
        counts[t] += TITLE_WEIGHT
    return counts


@dataclass
class CategoryModel:
    classes: list[str]
    vocabulary: dict[str, int]
    log_prior: np.ndarray  # (classes,)
    log_likelihood: np.ndarray  # (classes, vocabulary)

    def predict(self, title: str, body: str) -> str | None:
        counts = features(title, body)
        if not counts or not self.classes:
            return None
        vocabulary = self.vocabulary
        known = [(j, n) for t, n in counts.items() if (j := vocabulary.get(t)) is not None]
        scores = self.log_prior
        if known:
            columns, weights = zip(*known)
            # the prior, then each term's row added in turn: the sums of the term-by-term loop
            rows = np.empty((len(known) + 1, len(self.classes)))
            rows[0] = self.log_prior
            np.multiply(self.log_likelihood[:, columns].T, np.array(weights, dtype=float)[:, None],
                        out=rows[1:])
            scores = np.add.reduce(rows, axis=0)
        return self.classes[int(np.argmax(scores))]

    def to_json(self) -> dict:
        terms = sorted(self.vocabulary, key=self.vocabulary.get)
        return {
            "classes": self.classes,
            "terms": terms,
            "log_prior": [round(float(x), 5) for x in self.log_prior],
            "log_likelihood": [[round(float(x), 4) for x in row] for row in self.log_likelihood],
        }

    @classmethod
    def from_json(cls, data: dict) -> CategoryModel:
        return cls(
            classes=list(data["classes"]),
            vocabulary={t: i for i, t in enumerate(data["terms"])},
            log_prior=np.array(data["log_prior"], dtype=np.float64),
            log_likelihood=np.array(data["log_likelihood"], dtype=np.float64),
        )


def train(examples: Iterable[tuple[str, str, str]]) -> CategoryModel:
    """A model from (title, body, category) examples."""
    docs: list[tuple[Counter, str]] = []
    df: Counter = Counter()
    for title, body, category in examples:
        counts = features(title, body)
        docs.append((counts, category))
        df.update(counts.keys())
    classes = sorted({c for _, c in docs})
    vocabulary = {t: i for i, t in enumerate(sorted(t for t, n in df.items() if n >= MIN_DF))}
    index = {c: i for i, c in enumerate(classes)}
    counts = np.ones((len(classes), len(vocabulary)), dtype=np.float64)  # add-one smoothing
    priors = np.zeros(len(classes), dtype=np.float64)
    for doc, category in docs:
        row = index[category]
        priors[row] += 1
        for t, n in doc.items():
            j = vocabulary.get(t)
            if j is not None:
                counts[row, j] += n
    log_likelihood = np.log(counts / counts.sum(axis=1, keepdims=True))
    log_prior = np.log(priors / max(priors.sum(), 1.0))
    return CategoryModel(classes, vocabulary, log_prior, log_likelihood)


def accuracy(model: CategoryModel, examples: Iterable[tuple[str, str, str]]) -> tuple[float, int]:
    """Share of examples whose category the model guesses, and how many there were."""
    right = total = 0
    for title, body, category in examples:
        total += 1
        right += model.predict(title, body) == category
    return (right / total if total else math.nan), total
