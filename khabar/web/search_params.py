"""The search parameters of a URL, read in one place: the search page, /api/search and the
search feeds all take a ``SearchParams`` from ``Depends(search_params)`` (or
``Depends(sorted_search_params)`` where the order is the reader's choice).

    q        the query, as a reader types it
    source   an outlet name
    category a category code
    from/to  published on or after / on or before (a date), added to the query as typed filters
    sort     relevance | newest

Paging is not a search parameter: a page counts pages, the API an offset, a feed neither.
A house test (tests/test_house.py) fails if another web module reads ``q`` from a URL.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from typing import Literal
from urllib.parse import urlencode

from fastapi import Depends, Query

from khabar.store.filters import ArticleFilter
from khabar.web.render import Links
from khabar.web.params import MAX_NAME_CHARS, MAX_QUERY_CHARS
from khabar.presenters import search_text

SearchSort = Literal["relevance", "newest"]


@dataclass(frozen=True, slots=True)
class SearchParams:
    q: str = ""
    source: str = ""
    category: str = ""
    date_from: str = ""
    date_to: str = ""
    sort: SearchSort = "relevance"

    @property
    def text(self) -> str:
        """The query with the date fields added as typed filters."""
        return search_text(self.q, self.date_from, self.date_to)

    @property
    def filters(self) -> ArticleFilter:
        return ArticleFilter(sources=(self.source,) if self.source else (),
                             category=self.category or None)

    def is_empty(self) -> bool:
        """Nothing typed and nothing chosen: the search page shows its form alone."""
        return not self.text.strip() and self.filters.is_empty()

    def form(self) -> dict[str, str]:
        """The values as the search form names them (``from``, ``to``)."""
        return {"q": self.q, "sort": self.sort, "source": self.source,
                "category": self.category, "from": self.date_from, "to": self.date_to}

    def url_params(self, *, sort: bool = True) -> dict[str, str]:
        """The non-empty values, for a link to this search (``sort`` left out for a feed)."""
        return {k: v for k, v in self.form().items() if v and (sort or k != "sort")}

    def links(self) -> Links:
        """This search's page, JSON twin and feeds."""
        query = urlencode(self.url_params())
        return Links(html=f"/search?{query}", json=f"/api/search?{query}",
                     feed=lambda fmt: f"/feeds/search.{fmt}?{query}")

    def date_presets(self, zone: tzinfo) -> list[dict]:
        """Links beside the date pickers: today, this week (7 days), this month, in ``zone``."""
        today = datetime.now(zone).date()
        params = {k: v for k, v in self.url_params().items() if k not in ("from", "to")}
        presets = []
        for label, start in (("اليوم", today), ("هذا الأسبوع", today - timedelta(days=6)),
                             ("هذا الشهر", today.replace(day=1))):
            value = start.isoformat()
            presets.append({"label": label,
                            "href": "/search?" + urlencode({**params, "from": value}),
                            "current": self.date_from == value and not self.date_to})
        return presets


def search_params(
    q: str = Query("", max_length=MAX_QUERY_CHARS, description="the query, as a reader types it"),
    source: str = Query("", max_length=MAX_NAME_CHARS, description="outlet name"),
    category: str = Query("", max_length=MAX_NAME_CHARS, description="category code"),
    date_from: str = Query("", alias="from", max_length=MAX_NAME_CHARS,
                           description="published on or after (a date)"),
    date_to: str = Query("", alias="to", max_length=MAX_NAME_CHARS,
                         description="published on or before (a date)"),
) -> SearchParams:
    """The search of a URL, in the order the reader does not choose (a feed: newest first)."""
    return SearchParams(q, source, category, date_from, date_to)


def sorted_search_params(
    params: SearchParams = Depends(search_params), sort: SearchSort = "relevance"
) -> SearchParams:
    """The search of a URL with the reader's ``sort``."""
    return replace(params, sort=sort)
