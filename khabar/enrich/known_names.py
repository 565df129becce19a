"""Names known before the article is read, matched at a word: the gazetteer's and the learned
ones (``learned_names``), longest first, the first word possibly behind clitics ("لحماس",
"وبغداد")."""

from __future__ import annotations

from khabar.enrich.entity_cues import CUE_NOUNS
from khabar.enrich.entity_words import Word, word_variants
from khabar.enrich.tagforms import bare, fold

_KNOWN_FIRST: tuple[dict, frozenset[str]] | None = None
_LEARNED_FIRST: dict[int, tuple[int, frozenset[str], dict[str, bool]]] = {}


#: folded word → whether a known name (of ``_KNOWN_FIRST``'s names) may open with it
_KNOWN_OPENS: dict[str, bool] = {}
#: words ``_KNOWN_OPENS`` holds at most (emptied then)
OPENS_MEMO = 500_000


def known_first_words(known: dict) -> frozenset[str]:
    """The words a known name (of ``known``, the gazetteer) opens with."""
    return _known_first(known)


def _known_first(known: dict) -> frozenset[str]:
    global _KNOWN_FIRST
    if _KNOWN_FIRST is None or _KNOWN_FIRST[0] is not known:
        _KNOWN_FIRST = (known, frozenset(k.split(" ", 1)[0] for k in known))
        _KNOWN_OPENS.clear()
    return _KNOWN_FIRST[1]


def opens_known(known: dict, folded: str) -> bool:
    """A known name may open with the word, possibly behind clitics (remembered per word)."""
    firsts = _known_first(known)
    opens = _KNOWN_OPENS.get(folded)
    if opens is None:
        if len(_KNOWN_OPENS) >= OPENS_MEMO:
            _KNOWN_OPENS.clear()
        opens = _KNOWN_OPENS[folded] = any(v in firsts for v, _ in word_variants(folded))
    return opens


def _learned(names: dict) -> tuple[int, frozenset[str], dict[str, bool]]:
    """The first words of the learned names, and a memo of which words open one, rebuilt
    when the number of names changes."""
    firsts = _LEARNED_FIRST.get(id(names))
    if firsts is None or firsts[0] != len(names):
        firsts = (len(names), frozenset(k.split(" ", 1)[0] for k in names), {})
        _LEARNED_FIRST.clear()
        _LEARNED_FIRST[id(names)] = firsts
    return firsts


def learned_first_words(names: dict) -> frozenset[str]:
    """The words a learned name (of ``names``) opens with (a word opens one when one of its
    ``word_variants`` is among them)."""
    return _learned(names)[1] if names else frozenset()


def _learned_first(names: dict, word: Word) -> bool:
    if not names:
        return False
    _, firsts, opens = _learned(names)  # folded word → answer, while no name is learned
    folded = word.folded
    hit = opens.get(folded)
    if hit is None:
        if len(opens) >= OPENS_MEMO:
            opens.clear()
        hit = opens[folded] = any(v in firsts for v, _ in word_variants(folded))
    return hit


def match_known(words: list[Word], i: int, known: dict, names: dict,
                finds: list, aliases: dict) -> int:
    """Words taken by a known name at ``i`` (0: none); the find goes to ``finds`` and a learned
    last name's full name to ``aliases``."""
    if not opens_known(known, words[i].folded) and not _learned_first(names, words[i]):
        return 0
    for n in range(min(4, len(words) - i), 0, -1):
        if n > 1 and any(w.starts_phrase for w in words[i + 1:i + n]):
            continue
        tail = [w.folded for w in words[i + 1:i + n]]
        for first, cut in word_variants(words[i].folded):
            k = " ".join([first, *tail])
            hit = known.get(k)
            if hit and not (n == 1 and first in CUE_NOUNS):
                finds.append((hit[0], hit[1], False))
                return n
            hit = names.get(k)
            if hit and n == 1 and cut and hit[1] == "person" and fold(bare(words[i].shown)) != first:
                continue  # "وجود" is a word, not و + the last name «جود»
            if hit:
                # a learned last name: the article's own full name wins (see extract)
                name = without_clitic(words[i].shown, first, cut) if (
                    hit[1] == "person" and n == 1) else hit[0]
                finds.append((name, hit[1], False))
                aliases.setdefault(first, hit[0])
                return n
    return 0


def without_clitic(shown: str, variant: str, cut: int) -> str:
    """The word as written without the clitic ``word_variants`` cut, keeping the article it
    carried ("والقذافي" → "القذافي", "للقذافي" → "القذافي")."""
    rest = shown[cut:]
    return "ال" + rest if variant.startswith("ال") and not fold(rest).startswith("ال") else rest
