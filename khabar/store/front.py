"""What tells the home page it must be made again, asked in one round trip per request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select

from khabar.store.host import StoreHost
from khabar.store.rows import sort_time, utc
from khabar.store.schema import sources


@dataclass(frozen=True, slots=True)
class FrontMark:
    """The newest article's time and the followed sources' health, as counts."""

    newest: datetime | None
    polled: int  # sources with a feed, not paused
    failing: int  # of them, checked and failing at their last check

    @property
    def all_failing(self) -> bool:
        """Every polled source fails (``khabar.presenters.all_sources_failing``'s rule)."""
        return self.polled > 0 and self.failing == self.polled


class FrontStore(StoreHost):
    def front_mark(self) -> FrontMark:
        polled = and_(sources.c.feed_url.is_not(None), sources.c.paused.is_(False))
        failing = and_(polled, sources.c.last_checked_at.is_not(None), sources.c.error_count > 0)
        query = select(
            select(func.max(sort_time())).scalar_subquery(),
            select(func.count()).select_from(sources).where(polled).scalar_subquery(),
            select(func.count()).select_from(sources).where(failing).scalar_subquery(),
        )
        with self._read() as conn:
            newest, n_polled, n_failing = conn.execute(query).one()
        return FrontMark(utc(newest), n_polled, n_failing)
