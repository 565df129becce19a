"""Media in the store: an article's lead image and enclosures as columns (0010).

The image is three columns (``image_url``, ``image_width``, ``image_height``); the enclosures a
JSON list, as keywords and entities are. ``MediaStore`` is a mixin of ``SQLStore``: the image
proxy records the size it measured when the feed and the page did not give one.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import RowMapping

from khabar.store.host import StoreHost
from khabar.store.records import ArticleRecord, Enclosure, Image
from khabar.store.schema import articles

#: the columns of the lead image
IMAGE_COLUMNS = ("image_url", "image_width", "image_height")


def media_values(record: ArticleRecord) -> dict[str, Any]:
    """The media columns of a record, for an insert."""
    image = record.image
    return {
        "image_url": image.url if image else None,
        "image_width": image.width if image else None,
        "image_height": image.height if image else None,
        "enclosures": enclosures_json(record.enclosures),
    }


def media_changes(row: RowMapping | dict, record: ArticleRecord, *, replace: bool) -> dict:
    """What a later copy of an article changes in its media: a missing image or enclosure
    list is filled; when the source changed the article (``replace``) a new image replaces the
    old one, with its own size (never the old image's)."""
    changes: dict[str, Any] = {}
    new = media_values(record)
    if record.image and (row["image_url"] is None or
                         (replace and record.image.url != row["image_url"])):
        changes.update({k: new[k] for k in IMAGE_COLUMNS})
    elif record.image and record.image.url == row["image_url"] and row["image_width"] is None \
            and record.image.width and record.image.height:
        changes.update(image_width=record.image.width, image_height=record.image.height)
    if record.enclosures and (row["enclosures"] in (None, "", "[]") or replace) \
            and new["enclosures"] != row["enclosures"]:
        changes["enclosures"] = new["enclosures"]
    return changes


def enclosures_json(enclosures: list[Enclosure]) -> str:
    return json.dumps([e.to_json() for e in enclosures], ensure_ascii=False)


def enclosures_from_json(raw: str | None) -> list[Enclosure]:
    try:
        items = json.loads(raw or "[]")
    except ValueError:
        return []
    out = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("url"), str):
            length = item.get("length")
            out.append(Enclosure(item["url"], item.get("type") if isinstance(item.get("type"), str)
                                 else None, length if isinstance(length, int) else None))
    return out


def row_image(row: RowMapping | dict) -> Image | None:
    url = row.get("image_url")
    return Image(url, row.get("image_width"), row.get("image_height")) if url else None


class MediaStore(StoreHost):
    """Media writes on an SQLAlchemy engine (mixed into ``SQLStore``)."""

    def set_image_size(self, article_id: int, url: str, width: int, height: int) -> bool:
        """Record the measured size of an article's lead image, if that image is still its
        lead and its size is not known; True when a row changed."""
        query = (update(articles)
                 .where(articles.c.id == article_id, articles.c.image_url == url,
                        articles.c.image_width.is_(None))
                 .values(image_width=width, image_height=height))
        with self._write() as conn:
            return bool(conn.execute(query).rowcount)
