"""Sources as outlets: the SQL that finds the source of a catalogued outlet, records the outlet
on a source and merges several sources of one outlet into one.

The catalogue itself is knowledge (``khabar.enrich.outlets``); the store only keeps what it
said (``OutletRef``) on the ``sources`` row: ``outlet`` (the key), ``country``, ``outlet_kind``.
``reconcile_sources`` is run by migration 0010 and by ``khabar sources match`` with a look-up
function from above, so the store never reads the catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection, RowMapping

from khabar.store.host import StoreHost
from khabar.store.records import OutletRef
from khabar.store.schema import articles, sightings, sources

#: (name, site URL, feed URL) → the outlet of a source, or None
Lookup = Callable[[str, "str | None", "str | None"], "OutletRef | None"]

_ARABIC_LETTER = re.compile("[\u0621-\u064a]")


def outlet_values(outlet: OutletRef | None) -> dict:
    """The ``sources`` columns that record an outlet."""
    if outlet is None:
        return {}
    return {"outlet": outlet.key, "country": outlet.country, "outlet_kind": outlet.kind}


def source_row_for(conn: Connection, name: str, outlet: OutletRef | None) -> RowMapping | None:
    """The stored source a record named ``name`` of ``outlet`` belongs to, if any: the source
    of that name (unless it is another outlet's), else the outlet's source (a followed one
    first, then the oldest), else a source bearing the outlet's name and no other outlet."""
    row = conn.execute(select(sources).where(sources.c.name == name)).mappings().first()
    if row is not None and (outlet is None or row["outlet"] in (None, outlet.key)):
        return row
    if outlet is None:
        return None
    row = conn.execute(
        select(sources).where(sources.c.outlet == outlet.key)
        .order_by(sources.c.feed_url.is_(None), sources.c.id)
    ).mappings().first()
    if row is not None:
        return row
    row = conn.execute(select(sources).where(sources.c.name == outlet.name)).mappings().first()
    if row is not None and row["outlet"] is None:
        return row
    return None


def name_for(conn: Connection, name: str, outlet: OutletRef | None) -> str:
    """The name a new source takes: its outlet's Arabic name, or that name with the country
    when another outlet's source holds it ("الوطن (قطر)"), else ``name``; numbered ("name (2)")
    when even that is taken."""
    candidates = [outlet.name, outlet.label] if outlet is not None else []
    candidates.append(name)
    for candidate in candidates:
        if candidate and not _taken(conn, candidate):
            return candidate
    return free_name(conn, candidates[0] or name)


def _taken(conn: Connection, name: str) -> bool:
    return conn.execute(select(sources.c.id).where(sources.c.name == name)).first() is not None


def free_name(conn: Connection, name: str) -> str:
    """``name``, or ``name (2)``, ``name (3)`` … whichever is not taken yet."""
    taken = {r.name for r in conn.execute(
        select(sources.c.name).where(sources.c.name.like(f"{name}%")))}
    if name not in taken:
        return name
    number = 2
    while f"{name} ({number})" in taken:
        number += 1
    return f"{name} ({number})"


def record_outlet(conn: Connection, row: RowMapping, outlet: OutletRef | None) -> None:
    """Keep ``outlet`` on a source that does not record it yet."""
    if outlet is not None and row["outlet"] != outlet.key and row["outlet"] is None:
        conn.execute(update(sources).where(sources.c.id == row["id"])
                     .values(**outlet_values(outlet)))


def merge_sources(conn: Connection, keep_id: int, other_id: int) -> list[int]:
    """Move every article and sighting of source ``other_id`` to ``keep_id`` and delete it;
    the ids of the articles moved. An article whose guid the kept source already has loses
    its guid (its canonical URL still identifies it): nothing is dropped."""
    clashing = select(articles.c.guid).where(articles.c.source_id == keep_id,
                                             articles.c.guid.is_not(None)).scalar_subquery()
    conn.execute(update(articles).where(articles.c.source_id == other_id,
                                        articles.c.guid.in_(clashing)).values(guid=None))
    moved = list(conn.execute(select(articles.c.id).where(articles.c.source_id == other_id))
                 .scalars())
    conn.execute(update(articles).where(articles.c.source_id == other_id)
                 .values(source_id=keep_id))
    conn.execute(update(sightings).where(sightings.c.source_id == other_id)
                 .values(source_id=keep_id))
    conn.execute(delete(sources).where(sources.c.id == other_id))
    return moved


class OutletSources(StoreHost):
    """``match_sources``: a part of ``SQLStore`` (see ``khabar.store.host``)."""

    def match_sources(self, lookup: Lookup) -> MatchReport:
        with self._write() as conn:
            report = reconcile_sources(conn, lookup)
            # a moved article's source is in the search index's documents (source filters)
            self._search_fields_changed(conn, report.moved_ids)
            return report


@dataclass
class MatchReport:
    """What ``reconcile_sources`` did."""

    matched: int = 0
    merged: int = 0
    moved_articles: int = 0
    renamed: list[tuple[str, str]] = field(default_factory=list)
    #: the articles that moved to another source
    moved_ids: list[int] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"matched": self.matched, "merged": self.merged,
                "moved_articles": self.moved_articles,
                "renamed": [{"from": a, "to": b} for a, b in self.renamed]}


def reconcile_sources(conn: Connection, lookup: Lookup) -> MatchReport:
    """Match every source to its outlet and make one source of each outlet's unfollowed ones.

    Each source the look-up names an outlet for records it. The sources of one outlet are
    merged into one — the followed one (the oldest, if several follow feeds), else the oldest —
    except other followed sources, which stay apart (one source per followed feed). The kept
    source takes its outlet's Arabic name when its own has no Arabic letter ("alarabia" →
    «العربية»): a name a reader gave in Arabic stays."""
    report = MatchReport()
    groups: dict[str, list[dict]] = {}
    outlets: dict[str, OutletRef] = {}
    # Named columns only: migration 0010 runs this before later migrations add theirs.
    columns = [sources.c[n] for n in ("id", "name", "url", "feed_url", "outlet", "country",
                                      "outlet_kind")]
    for row in conn.execute(select(*columns).order_by(sources.c.id)).mappings().all():
        outlet = lookup(row["name"], row["url"], row["feed_url"])
        if outlet is None:
            continue
        report.matched += 1
        outlets[outlet.key] = outlet
        if (row["outlet"], row["country"], row["outlet_kind"]) != (
                outlet.key, outlet.country, outlet.kind):
            conn.execute(update(sources).where(sources.c.id == row["id"])
                         .values(**outlet_values(outlet)))
        groups.setdefault(outlet.key, []).append(dict(row))
    for key, rows in groups.items():
        keep = min(rows, key=lambda r: (r["feed_url"] is None, r["id"]))
        for other in rows:
            if other is not keep and other["feed_url"] is None:
                moved = merge_sources(conn, keep["id"], other["id"])
                report.moved_articles += len(moved)
                report.moved_ids += moved
                report.merged += 1
        outlet = outlets[key]
        if keep["name"] != outlet.name and not _ARABIC_LETTER.search(keep["name"]):
            new_name = name_for(conn, keep["name"], outlet)
            if new_name != keep["name"]:
                conn.execute(update(sources).where(sources.c.id == keep["id"])
                             .values(name=new_name))
                report.renamed.append((keep["name"], new_name))
    return report
