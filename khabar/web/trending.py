"""Trending tags for the home page and ``/api/trending``: keywords rising in the last 24 hours
of the archive against the week before (``Store.trending_keywords``).

"Now" is the newest article's time when the archive stops before today (an imported corpus),
so an archive always has a last day to show.
"""

from __future__ import annotations

from datetime import datetime, timezone

from khabar.store import Store

#: tags shown on the home page
HOME_TRENDING = 8


def trending_now(store: Store) -> datetime:
    now = datetime.now(timezone.utc)
    newest = store.newest_time()
    return min(now, newest) if newest else now


def trending_json(store: Store, limit: int = HOME_TRENDING) -> list[dict]:
    rows = store.trending_keywords(trending_now(store), limit=limit)
    return [{"tag": t, "articles": n, "rise": r, "links": {"html": "/tags/" + t}} for t, n, r in rows]


def trending_tags(store: Store) -> list[dict]:
    return trending_json(store, HOME_TRENDING)
