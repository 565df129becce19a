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
from operator import and_, eq

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
    occurrence (a longer one after a shorter one at the same word)."""
    if not entries:
        return []
    plains, shown, terms = zip(*entries)
    keys: list[tuple[str, ...]] = []
    forms: list = []
    positions: list[int] = []
    weighted: dict[float, list[tuple[str, ...]]] = {}
    title_keys: list[tuple[str, ...]] = []
    for a, b, weight, is_title in parts:
        if a == b:
            continue
        t, p, r = terms[a:b], plains[a:b], runs[a:b]
        part_keys = list(zip(t))
        part_forms: list = list(shown[a:b])
        part_positions: list = list(range(a, b))
        for n in range(2, MAX_WORDS + 1):
            inside = list(map(eq, r, r[n - 1:]))  # the n words are of one segment
            part_keys.extend(compress(zip(*[t[k:] for k in range(n)]), inside))
            part_forms.extend(compress(map(" ".join, zip(shown[a:b], *[p[k:] for k in range(1, n)])),
                                       inside))
            part_positions.extend(compress(range(a, b), inside))
        keys += part_keys
        forms += part_forms
        positions += part_positions
        weighted.setdefault(weight, []).extend(part_keys)
        if is_title:
            title_keys += part_keys
    definite = list(map(str.startswith, shown, repeat("ال")))
    next_inside = list(map(eq, runs, runs[1:]))
    heads = Counter(compress(terms, map(and_, next_inside, definite[1:])))
    tails = Counter(compress(terms[1:], map(and_, next_inside, map(and_, definite, definite[1:]))))
    occurrences = Counter(keys)
    in_title = set(title_keys)
    doomed = _subsumed(occurrences, in_title)
    spaced = (set(k for k, f in zip(keys, forms) if len(k) == 1 and " " in f)
              if " " in "\x00".join(shown) else set())
    wanted = [k for k, n in occurrences.items() if k not in doomed and (
        n >= 2 if len(k) > 1 else (k in in_title or n >= name_occurrences or k in spaced))
        and (len(k) == 1 or len(set(k)) == len(k))]
    if not wanted:
        return []
    first = dict(zip(reversed(keys), reversed(positions)))
    counts = [(w, Counter(ks)) for w, ks in weighted.items()]
    out: list[Candidate] = []
    want = set(wanted)
    spellings: dict[tuple[str, ...], dict[str, int]] = {}
    for (k, form), n in Counter(zip(keys, forms)).items():
        if k in want:
            spellings.setdefault(k, {})[form] = n
    for k in wanted:
        c = Candidate(k, 0.0, occurrences[k], k in in_title, first[k], spellings[k])
        for w, kc in counts:
            times = kc.get(k)
            if times:
                c.count += w * times
        if len(k) == 1:
            c.heads = heads.get(k[0], 0)
            c.tails = tails.get(k[0], 0)
        out.append(c)
    out.sort(key=lambda c: (c.first, len(c.terms)))
    return out


def _subsumed(occurrences: Counter, in_title: set) -> set[tuple[str, ...]]:
    """The phrases whose every occurrence lies inside a longer repeated one."""
    doomed: set[tuple[str, ...]] = set()
    for terms, n in occurrences.items():
        if len(terms) < 2 or (n < 2 and terms not in in_title):
            continue
        for size in range(1, len(terms)):
            for i in range(len(terms) - size + 1):
                sub = terms[i:i + size]
                m = occurrences.get(sub)
                if m is not None and m <= n:
                    doomed.add(sub)
    return doomed
