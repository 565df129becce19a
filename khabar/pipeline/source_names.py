"""What a typed ``source:`` value names: the stored sources of the outlet it stands for.

A reader may type an outlet as its Arabic name (``source:العربية``), as a feed code or the
code another dataset uses (``source:alarabia``, ``source:bbc``, case-insensitively), as its
domain (``source:alarabiya.net``) or as its English name (``source:"Al Arabiya"``). The
outlet catalogue (``khabar.enrich.outlets``) turns each into an outlet; the value then also
matches every stored source of that outlet (sources keep their outlet's key) and the outlet's
Arabic name. A value no outlet answers to still matches a source of that name, as before.
"""

from __future__ import annotations

from khabar.enrich.outlets import Outlet, catalogue
from khabar.search.query import SourceNames
from khabar.store import Store
from khabar.store.records import Source


def outlet_for(value: str) -> Outlet | None:
    """The catalogued outlet a typed value names: a code or an unshared name, else a domain."""
    found = catalogue().for_name(value)
    if found is None and "." in value:
        found = catalogue().for_url(value)
    return found


def source_names(store: Store) -> SourceNames:
    """The look-up ``khabar.search.search`` takes as ``source_names``; the store's sources
    are read once, at the first ``source:`` value."""
    stored: list[Source] | None = None

    def names(value: str) -> tuple[str, ...]:
        nonlocal stored
        if stored is None:
            stored = store.sources()
        folded = " ".join(value.split()).casefold()
        outlet = outlet_for(value)
        keys = {outlet.key} if outlet is not None else set()
        # a stored source of that name stands for its whole outlet (a merged feed, a mirror)
        keys |= {s.outlet for s in stored if s.outlet and s.name.casefold() == folded}
        found = [outlet.name] if outlet is not None else []
        found += [s.name for s in stored if s.outlet in keys]
        return tuple(dict.fromkeys(n for n in found if n.casefold() != folded))

    return names
