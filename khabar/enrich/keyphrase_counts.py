"""Keyphrase candidates counted over a whole article at once (step 2 of ``keyphrases``).

Every run of 1–``MAX_WORDS`` words inside a segment is an occurrence of the candidate keyed by
its terms. The occurrences are counted by ``Counter``s over the n-gram keys of each segment
(``zip`` of the segment's terms shifted by 0…n-1), not a Python step per n-gram; a
``Candidate`` is made only for the keys the scoring may read (``counted``). The values are
those of counting each occurrence in turn, in text order:

- ``count``: the weights of the occurrences (title 3, opening paragraph 1.5, else 1) — sums
  of halves, exact in floating point whatever the order;
- ``first``: the position of the first occurrence (the word's index among the segments' words);
- ``forms``: spelling → occurrences, in the order the spellings were first met;
- ``heads`` / ``tails``: of a single word, the occurrences followed by a definite word / a
  definite one after a definite word (in the same segment).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import and_, eq, ne

MAX_WORDS = 4

#: one word of a segment: (spelling, spelling bared of clitics, term)
Entry = tuple[str, str, str]


@dataclass(slots=True)
class Candidate:
    terms: tuple[str, ...]
    count: float = 0.0
    occurrences: int = 0
    in_title: bool = False
    first: int = 10**9
    #: spelling → occurrences (a plain dict: a ``Counter`` per candidate costs its making)
    forms: dict[str, int] = field(default_factory=dict)
    #: occurrences of a single word followed by a definite word: the head of a construct
    heads: int = 0
    #: occurrences of a single definite word right after another definite one: a modifier
    tails: int = 0


def counted(entries: list[Entry], runs: list[int], parts: list[tuple[int, int, float, bool]],
            name_occurrences: int) -> list[Candidate]:
    """The candidates of the segments' words ``entries`` (``runs``: each word's segment, a
    number; ``parts``: (first word, end, weight, of the title) of the title and paragraphs,
    in order) that the scoring reads: not inside a longer repeated phrase
    (``_subsumed``), a phrase of several words met twice, no term twice, and a single word
    outside the title only when ``_noun_phrase`` does not refuse it at once (met
    ``name_occurrences`` times, or a spelling of several words). In the order of their first
    occurrence (a longer one after a shorter one at the same word).

    A phrase is counted under its terms joined by spaces (no term holds one): a string keeps
    its hash, a tuple computes it at each count."""
    if not entries:
        return []
    plains, shown, terms = zip(*entries)
    # phrases of several words: key, spelling, position, weight (parts in order)
    keys: list[str] = []
    forms: list[str] = []
    positions: list[int] = []
    weighted: dict[float, tuple[list[str], list[str]]] = {}
    title_keys: set[str] = set()
    for a, b, weight, is_title in parts:
        if a == b:
            continue
        t, p, r, sh = terms[a:b], plains[a:b], runs[a:b], shown[a:b]
        singles, multis = weighted.setdefault(weight, ([], []))
        singles.extend(t)
        first_key = len(keys)
        for n in range(2, MAX_WORDS + 1):
            inside = list(map(eq, r, r[n - 1:]))  # the n words are of one segment
            keys.extend(compress(map(" ".join, zip(*[t[k:] for k in range(n)])), inside))
            forms.extend(compress(map(" ".join, zip(sh, *[p[k:] for k in range(1, n)])), inside))
            positions.extend(compress(range(a, b), inside))
        multis.extend(keys[first_key:])
        if is_title:
            title_keys.update(t, keys[first_key:])
    occurrences = Counter(terms)
    occurrences.update(keys)
    doomed = _subsumed(occurrences, [k for k, n in Counter(keys).items() if n >= 2]
                       + [k for k in title_keys if " " in k])
    # a spelling that is not one word (a ligature's phrase): ``_noun_phrase`` reads it
    spaced = set(compress(terms, map(ne, map(len, map(str.split, shown)), repeat(1))))
    wanted = [t for t in dict.fromkeys(terms) if t not in doomed and (
        t in title_keys or occurrences[t] >= name_occurrences or t in spaced)]
    wanted += [k for k in dict.fromkeys(keys) if occurrences[k] >= 2 and k not in doomed
               and len(set(k.split(" "))) == k.count(" ") + 1]
    if not wanted:
        return []
    want = set(wanted)
    first = dict(zip(reversed(keys), reversed(positions)))
    first.update(zip(reversed(terms), range(len(terms) - 1, -1, -1)))
    spellings: dict[str, dict[str, int]] = {}
    for (k, form), n in Counter(zip(terms + tuple(keys), shown + tuple(forms))).items():
        if k in want:
            spellings.setdefault(k, {})[form] = n
    definite = list(map(str.startswith, shown, repeat("ال")))
    next_inside = list(map(eq, runs, runs[1:]))
    heads = Counter(compress(terms, map(and_, next_inside, definite[1:])))
    tails = Counter(compress(terms[1:], map(and_, next_inside, map(and_, definite, definite[1:]))))
    counts = [(w, Counter(singles), Counter(multis)) for w, (singles, multis) in weighted.items()]
    out: list[Candidate] = []
    for k in wanted:
        several = " " in k
        c = Candidate(tuple(k.split(" ")) if several else (k,), 0.0, occurrences[k],
                      k in title_keys, first[k], spellings[k])
        for w, singles_counted, multis_counted in counts:
            times = (multis_counted if several else singles_counted).get(k)
            if times:
                c.count += w * times
        if not several:
            c.heads = heads.get(k, 0)
            c.tails = tails.get(k, 0)
        out.append(c)
    out.sort(key=lambda c: (c.first, len(c.terms)))
    return out


def _subsumed(occurrences: Counter, longer: list[str]) -> set[str]:
    """The phrases inside a ``longer`` one (repeated, or of the title) met no more often."""
    doomed: set[str] = set()
    for phrase in longer:
        n = occurrences[phrase]
        words = phrase.split(" ")
        for size in range(1, len(words)):
            for i in range(len(words) - size + 1):
                sub = " ".join(words[i:i + size])
                m = occurrences.get(sub)
                if m is not None and m <= n:
                    doomed.add(sub)
    return doomed
