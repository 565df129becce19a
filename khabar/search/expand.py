"""Name queries under every spelling: «ترامب» also finds the articles that write «ترمب».

``expand_names(query, variants)`` replaces each word of a parsed query that the archive knows
as a spelling of a name (``variants``: folded word → its other spellings, learned by the
tagger and kept as the store model ``NAME_VARIANTS_MODEL``) with "any of its spellings"; a
phrase becomes any of its spelled phrases, an excluded name excludes every spelling. Only
known name words expand, so a query pulls in no article that names none of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from khabar.arabic import fold
from khabar.search.query import AnyOf, Node, Phrase, Query, Word

#: spellings of one word a query may take
MAX_SPELLINGS = 4

Variants = Mapping[str, Sequence[str]]


def expand_names(query: Query, variants: Variants) -> Query:
    if not variants:
        return query
    must: list[Node] = []
    for node in query.must:
        options = node.options if isinstance(node, AnyOf) else (node,)
        spelled = tuple(dict.fromkeys(s for o in options for s in _spellings(o, variants)))
        must.append(spelled[0] if len(spelled) == 1 else AnyOf(spelled))
    must_not = tuple(dict.fromkeys(s for o in query.must_not for s in _spellings(o, variants)))
    return Query(tuple(must), must_not, query.filters)


def _spellings(node: Word | Phrase, variants: Variants) -> list[Word | Phrase]:
    if isinstance(node, Word):
        return [node, *(Word(v) for v in _others(node.text, variants))]
    out: list[Word | Phrase] = [node]
    for i, word in enumerate(node.words):
        for v in _others(word, variants):
            out.append(Phrase(node.words[:i] + (v,) + node.words[i + 1:]))
    return out


def _others(word: str, variants: Variants) -> list[str]:
    folded = fold(word)
    return [v for v in variants.get(folded, ()) if v != folded][:MAX_SPELLINGS - 1]
