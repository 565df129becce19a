"""Reference analyzers the Arabic evaluation measures khabar's ``analyze`` against.

They live with the evaluation, not in the ``khabar`` package: they are yardsticks, not features.
All of them split text with ``khabar.arabic.tokens`` so that only the mapping from a token to an
index term differs between them.

- ``plain_terms``: the token, lowercased. No normalization, no stemming.
- ``lucene_terms``: Apache Lucene's ``ArabicNormalizer`` and ``ArabicStemmer``, ported rule for
  rule from ``lucene/analysis/common/src/java/org/apache/lucene/analysis/ar/ArabicNormalizer.java``
  and ``ArabicStemmer.java`` (apache/lucene, Apache-2.0), applied after ``LowerCaseFilter`` and
  ``DecimalDigitFilter`` as ``ArabicAnalyzer.createComponents`` chains them.
- ``snowball_terms``: the Snowball Arabic stemmer through PyStemmer (``Stemmer.Stemmer("arabic")``),
  applied to the lowercased token.

Stop words: Lucene's ``ArabicAnalyzer`` drops its own list before normalization; the baselines
here drop nothing by default (BM25 gives function words little weight). ``with_stop_words`` wraps a
baseline with khabar's list, to check that khabar's lead does not come from its stop words.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache

import Stemmer

from khabar.arabic import fold, tokens
from khabar.arabic.stopwords import STOP_WORDS

Analyzer = Callable[[str], list[str]]

# --- plain --------------------------------------------------------------------------------------


def plain_terms(text: str) -> list[str]:
    return [w.lower() for w, _, _ in tokens(text)]


# --- Lucene -------------------------------------------------------------------------------------

# ArabicNormalizer.normalize: hamza-seated alefs to bare alef, alef maksura to yeh, teh marbuta to
# heh; tatweel and the eight harakat (fathatan … sukun, U+064B–U+0652) deleted. Nothing else.
_LUCENE_NORMALIZE = {
    0x0622: "\u0627",  # ALEF_MADDA -> ALEF
    0x0623: "\u0627",  # ALEF_HAMZA_ABOVE -> ALEF
    0x0625: "\u0627",  # ALEF_HAMZA_BELOW -> ALEF
    0x0649: "\u064a",  # DOTLESS_YEH -> YEH
    0x0629: "\u0647",  # TEH_MARBUTA -> HEH
    0x0640: None,  # TATWEEL
    **{cp: None for cp in range(0x064B, 0x0653)},  # FATHATAN..SUKUN
}

# ArabicStemmer.prefixes and .suffixes, in Lucene's order.
_LUCENE_PREFIXES = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
_LUCENE_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")


def lucene_normalize(word: str) -> str:
    return word.translate(_LUCENE_NORMALIZE)


def _starts_with_check_length(word: str, prefix: str) -> bool:
    # "wa- prefix requires at least 3 characters"; "other prefixes require only 2".
    if len(prefix) == 1 and len(word) < 4:
        return False
    if len(word) < len(prefix) + 2:
        return False
    return word.startswith(prefix)


def _ends_with_check_length(word: str, suffix: str) -> bool:
    # "all suffixes require at least 2 characters after stemming"
    return len(word) >= len(suffix) + 2 and word.endswith(suffix)


def lucene_stem(word: str) -> str:
    """ArabicStemmer.stem: the first matching prefix, then every matching suffix in turn."""
    for prefix in _LUCENE_PREFIXES:  # stemPrefix: return after the first match
        if _starts_with_check_length(word, prefix):
            word = word[len(prefix) :]
            break
    for suffix in _LUCENE_SUFFIXES:  # stemSuffix: the loop goes on after a deletion
        if _ends_with_check_length(word, suffix):
            word = word[: -len(suffix)]
    return word


def _decimal_digits(word: str) -> str:
    """DecimalDigitFilter: any Unicode decimal digit (Nd) to its ASCII digit."""
    return "".join(str(unicodedata.digit(c)) if unicodedata.category(c) == "Nd" else c for c in word)


@lru_cache(maxsize=500_000)
def _lucene_term(token: str) -> str:
    return lucene_stem(lucene_normalize(_decimal_digits(token.lower())))


def lucene_terms(text: str) -> list[str]:
    return [_lucene_term(w) for w, _, _ in tokens(text)]


# --- Snowball -----------------------------------------------------------------------------------

_SNOWBALL = Stemmer.Stemmer("arabic", 500_000)


def snowball_terms(text: str) -> list[str]:
    return _SNOWBALL.stemWords([w.lower() for w, _, _ in tokens(text)])


# --- stop words ---------------------------------------------------------------------------------


def with_stop_words(analyzer: Analyzer) -> Analyzer:
    """``analyzer`` applied to the tokens that are not khabar stop words (compared folded)."""

    @lru_cache(maxsize=500_000)
    def keep(token: str) -> bool:
        return fold(token) not in STOP_WORDS

    def terms(text: str) -> list[str]:
        kept = " ".join(w for w, _, _ in tokens(text) if keep(w))
        return analyzer(kept)

    return terms


BASELINES: dict[str, Analyzer] = {
    "plain": plain_terms,
    "lucene": lucene_terms,
    "snowball": snowball_terms,
}
