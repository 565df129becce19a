"""Shared steps of the Google Reader API tests: a small world of outlets and articles of
today, a reader who follows some outlets, app passwords, and a real server on loopback."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from khabar.store import ArticleRecord
from khabar.store.app_passwords import create_app_password
from tests.web.readers_helpers import add_user

API = "/api/greader/reader/api/0"
READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"


@dataclass
class Reader:
    store: object
    user: object
    password: str  # an app password
    sport: object  # the followed sport outlet (Source)
    economy: object  # the followed economy outlet
    other: object  # an outlet the reader does not follow
    ids: dict  # outlet id -> article ids, newest first


def fill(store, *, per_outlet: int = 4) -> dict:
    """Three outlets with ``per_outlet`` articles each, one an hour, the newest an hour ago."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    outlets = {"sport": ("وكالة الرياضة", "sport", "المنتخب يفوز في المباراة"),
               "economy": ("وكالة الاقتصاد", "economy", "أسعار النفط ترتفع"),
               "other": ("وكالة أخرى", None, "خبر من مصدر لا يتابعه")}
    records = []
    for n, (key, (name, category, title)) in enumerate(outlets.items()):
        for i in range(per_outlet):
            records.append(ArticleRecord(
                title=f"{title} {i}", body=f"الفقرة الأولى من {title} رقم {i}.\nالفقرة الثانية.",
                source=name, url=f"https://{key}.example/{i}", category=category,
                published_at=now - timedelta(hours=1 + i, minutes=n * 10)))
    store.add_articles(records)
    sources = {s.name: s for s in store.sources()}
    found = {}
    for key, (name, category, _) in outlets.items():
        source = store.update_source(sources[name].id, url=f"https://{key}.example/",
                                     **({"category": category} if category else {}))
        found[key] = source
    return found


def reader(store, name: str = "sara") -> Reader:
    outlets = fill(store)
    user = add_user(store, name)
    store.follow(user.id, "source", str(outlets["sport"].id))
    store.follow(user.id, "source", str(outlets["economy"].id))
    _, password = create_app_password(store, user.id, "هاتفي")
    ids = {}
    for source in outlets.values():
        ids[source.id] = [r.id for r in store.stream_refs(
            _source_filter(source.id), user_id=user.id)]
    return Reader(store, user, password, outlets["sport"], outlets["economy"], outlets["other"],
                  ids)


def _source_filter(source_id: int):
    from khabar.store.filters import ArticleFilter

    return ArticleFilter(source_id=source_id)


@contextmanager
def serving(app):
    """A FastAPI app on a free loopback port under uvicorn; yields its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
