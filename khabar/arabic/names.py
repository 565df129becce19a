"""Spelling variants of transliterated names: «ترامب» / «ترمب», «نتنياهو» / «نتانياهو».

Arabic outlets write a foreign name with or without its long vowels, with one hamza form or
another, ة or ه, and the sound g as غ, ج or ق. ``name_skeleton(word)`` keeps what survives
those choices: the folded word (``fold``: one alef, ى→ي, ة→ه) without hamza seats and inner
vowel letters, g letters as one. ``same_name_word(a, b)`` says whether two spellings may be
one name: equal skeletons, and letters that differ only by

- hamza forms, ة/ه, ى/ي, g letters; alef in words of ``MIN_ALEF_LETTERS`` letters or more
  («ترامب» / «ترمب»; «عمر» / «عمار» stay apart);
- و or ي inside a word of ``MIN_VOWEL_LETTERS`` letters or more (foreign names are long:
  «تيلرسون» / «تيليرسون»); shorter Arabic names stay apart («محمد» / «محمود», «حسن» /
  «حسين», «سعد» / «سعيد»).
"""

from __future__ import annotations

from functools import lru_cache

from khabar.arabic.normalize import fold

#: letters the shorter spelling needs for an alef to be a mere vowel («ترمب»; not «عمر» /
#: «عمار», «علي» / «عالي»)
MIN_ALEF_LETTERS = 4
#: letters a word needs for an inner و or ي to be a mere vowel of a transliteration
MIN_VOWEL_LETTERS = 6
_HAMZA = str.maketrans("", "", "ءئؤ")
_G = str.maketrans({"غ": "ج", "ق": "ج"})


@lru_cache(maxsize=100_000)
def name_skeleton(word: str) -> str:
    """The letters of a name word that every spelling keeps (see the module docstring)."""
    w = fold(word).translate(_HAMZA).translate(_G)
    if len(w) <= 1:
        return w
    return w[0] + "".join(c for c in w[1:-1] if c not in "اوي") + (w[-1] if w[-1] != "ا" else "")


def _without(word: str, letters: str) -> str:
    return word[0] + "".join(c for c in word[1:] if c not in letters) if word else word


@lru_cache(maxsize=100_000)
def same_name_word(a: str, b: str) -> bool:
    """Two spellings that may be the same name word (see the module docstring)."""
    fa, fb = fold(a).translate(_HAMZA).translate(_G), fold(b).translate(_HAMZA).translate(_G)
    if fa == fb:
        return True
    if name_skeleton(a) != name_skeleton(b):
        return False
    shorter = min(len(fa), len(fb))
    if _without(fa, "ا") == _without(fb, "ا"):
        return shorter >= MIN_ALEF_LETTERS
    return shorter >= MIN_VOWEL_LETTERS


def same_name(a: str, b: str) -> bool:
    """Two names of as many words, each pair of words ``same_name_word``."""
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and all(same_name_word(x, y) for x, y in zip(wa, wb))


def skeleton_key(name: str) -> str:
    return " ".join(name_skeleton(w) for w in name.split())
