"""The words entity matching reads: tokens with their folded form and phrase breaks, a word
without its clitics, cue phrases looked up at a word, and the test for a word that may be part
of a person's name."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from khabar.arabic import term, tokens
from khabar.arabic.stopwords import STOP_WORDS
from khabar.enrich.memo import Memo
from khabar.enrich.tagforms import fold, plain

#: name words a person's name takes after a cue (particles not counted)
MAX_NAME_WORDS = 3
BREAK = re.compile(r"[.،,:;؛؟?!\"«»“”()\[\]{}<>\n…|/–—]")
#: particles inside Arabic names: "سلمان بن عبد العزيز", "تركي آل الشيخ", "عبد الله"
PARTICLES = frozenset(fold(w) for w in ("بن", "بنت", "ابن", "آل", "أبو", "عبد", "ابو"))
#: attached pronouns no name ends with ("حفظهم الله", "منصبهما")
PRONOUN_SUFFIXES = ("هم", "هما", "كم", "كما", "هن")
CLITICS = ("وبال", "وال", "بال", "فال", "كال", "ولل", "لل", "وب", "ول", "و", "ب", "ل", "ف", "ك")
#: words that end a name (verbs and particles that follow names in news prose)
NAME_STOPS = """
قال قالت يقول أكد أعلن أضاف أشار ذكر إن أن خلال إلى على في عن مع من الذي التي إنه
عبر أمام مثل بعد قبل منذ حتى لدى أمر إنها أنها كما بين ضد بشأن حول ضمن وسط
يوم اليوم أمس الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت وقال وأكد وأضاف
كان كانت كنت كنا كانوا يكون تكون ليس ليست لست لسنا أصبح أصبحت بات باتت ظل ظلت
آنذاك حينها حينذاك حاليا سابقا أيضا بعدما عندما حينما بينما كلما ربما طالما مثلما
"""
NAME_STOP = frozenset(fold(w) for w in NAME_STOPS.split())


@dataclass(slots=True)
class Word:
    shown: str
    folded: str
    starts_phrase: bool  # punctuation before it
    gap: str = ""  # the punctuation before it

    @property
    def after_comma(self) -> bool:
        return self.gap in ("،", ",")


def words_of(text: str, found: Iterable[tuple[str, int, int]] | None = None) -> list[Word]:
    """The words of ``text``; ``found``: its ``tokens`` when they were read already. Made by
    ``map`` over the tokens (no Python step per word but ``Word``'s own)."""
    found = list(tokens(text) if found is None else found)
    if not found:
        return []
    raw, starts, ends = zip(*found)
    shown, folded = zip(*map(_shown_folded, raw))
    breaks, gaps = zip(*map(_gap, map(text.__getitem__, map(slice, (0, *ends[:-1]), starts))))
    out = list(map(Word, shown, folded, breaks, gaps))
    out[0].starts_phrase = True
    return out


@lru_cache(maxsize=10_000)
def _gap(gap: str) -> tuple[bool, str]:
    """Whether the text between two words breaks a phrase, and its punctuation."""
    if gap == " ":  # most words: no punctuation before them
        return False, ""
    return bool(BREAK.search(gap)), gap.strip()


def _plain_folded(word: str) -> tuple[str, str]:
    shown = plain(word)
    return shown, fold(shown)


#: a raw word's ``plain`` spelling and its fold, remembered per word
_shown_folded = Memo(_plain_folded, 200_000).__getitem__


@lru_cache(maxsize=100_000)
def word_variants(folded: str) -> tuple[tuple[str, int], ...]:
    """The word and the word without each possible clitic: (folded form, letters cut)."""
    out = [(folded, 0)]
    for clitic in CLITICS:
        if folded.startswith(clitic) and len(folded) - len(clitic) >= 2:
            rest = folded[len(clitic):]
            if clitic.endswith("ال") and len(clitic) > 2:
                rest = "ال" + rest
            elif clitic == "لل":
                rest = "ال" + rest
            out.append((rest, len(clitic)))
    return tuple(out)


def definite(folded: str) -> bool:
    """A definite word, its article possibly behind a clitic ("للأمن", "بالخارجية")."""
    return any(v.startswith("ال") for v, _ in word_variants(folded))


def is_name_word(w: Word) -> bool:
    f = w.folded
    # «أليسيا», «ألكسندر» fold to ال but carry no article: the written hamza tells
    return (len(f) >= 3 and f[0] not in "وف" and not (f.startswith("ال") and not w.shown.startswith(("أل", "إل")))
            and f not in STOP_WORDS
            and not f.endswith(PRONOUN_SUFFIXES)
            and f not in NAME_STOP and term(w.shown) is not None and not f[0].isdigit()
            and "\u0600" <= f[0] <= "\u06ff")


def accusative(folded: str, common: Callable[[str], bool]) -> bool:
    """A common word with an ending no name takes: the indefinite accusative ("قرارا",
    "جاهزا", "موسما") or a pronoun ("مشواره", "حياتها")."""
    if len(folded) < 4:
        return False
    for ending in ("ا", "ه", "ها"):
        stem = folded[:-len(ending)]
        if folded.endswith(ending) and (common(stem) or (ending != "ا" and stem.endswith("ت")
                                                          and common(stem[:-1] + "ه"))):
            return True
    return False


def never(_: str) -> bool:
    return False


Common = Callable[[str], bool]

#: words a ``Cues`` remembers whether a cue may open with
OPENS_MEMO = 500_000


class Cues:
    """Cue phrases written naturally ("ولي_العهد" is two words), matched on folded words with
    the article stripped from the first and the first word possibly behind a clitic."""

    def __init__(self, text: str) -> None:
        self.keys: dict[tuple[str, ...], int] = {}
        for cue in text.split():
            words = tuple(fold(w) for w in cue.split("_"))
            self.keys[words] = len(words)
        self.first = frozenset(k[0] for k in self.keys)
        #: one-word cues: common nouns, never a name alone
        self.nouns = frozenset(k[0] for k in self.keys if len(k) == 1)
        #: a word opens a cue when one of its variants is one of these (``opens``): a cue's
        #: first word, or it with the article
        self.openers = self.first | frozenset("ال" + f for f in self.first)
        #: folded word → whether a cue may open with it (the cues never change: kept across
        #: articles, emptied when it holds ``OPENS_MEMO`` words)
        self._opens: dict[str, bool] = {}

    def __contains__(self, words: tuple[str, ...]) -> bool:
        return words in self.keys

    def opens(self, folded: str) -> bool:
        """A cue may open with the word (remembered per word)."""
        opens = self._opens.get(folded)
        if opens is None:
            if len(self._opens) >= OPENS_MEMO:
                self._opens.clear()
            opens = self._opens[folded] = not self.openers.isdisjoint(
                [v for v, _ in word_variants(folded)])
        return opens

    def at(self, words: list[Word], i: int) -> int:
        """The number of words of the cue starting at ``i`` (0: none)."""
        folded = words[i].folded
        if not self.opens(folded):
            return 0
        seq = [v for v, _ in word_variants(folded)]
        for n in (3, 2, 1):
            if i + n > len(words):
                continue
            rest = tuple(w.folded for w in words[i + 1:i + n])
            for first in seq:
                if (first, *rest) in self.keys or (first.removeprefix("ال"), *rest) in self.keys:
                    return n
        return 0
