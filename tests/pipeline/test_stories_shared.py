"""Story placement shared by several processes: each clusterer replays what the others placed
(under the database's story lock) before placing its own articles."""

from __future__ import annotations

import threading
import time

from khabar.pipeline.stories import StoryAssigner, item_of
from khabar.store import open_store
from tests.conftest import record
from tests.enrich.story_fixtures import CHESS, OIL, TORONTO_REWRITE, WIRE, at


def other_process(store):
    """Another store on the same database: what a second worker process has."""
    if store.engine.dialect.name == "postgresql":
        url = store.engine.url.render_as_string(hide_password=False)
        return open_store(url.replace("postgresql+psycopg://", "postgresql://"), migrate=False)
    return open_store(store.path, migrate=False)


def stored(store, title, body, n, hours, source="skynews"):
    rec = record(title=title, body=body, source=source, url=f"https://x.example/{n}",
                 canonical_url=f"https://x.example/{n}", published_at=at(hours))
    [result] = store.add_articles([rec])
    return item_of(result.article_id, rec)


def test_a_second_process_joins_the_story_the_first_started(store):
    mine = other_process(store)
    try:
        first, second = StoryAssigner(store), StoryAssigner(mine)
        first.resume(), second.resume()  # both started on an empty database
        wire = stored(store, "مقتل عشرة أشخاص في حادث دهس بشاحنة في تورونتو", WIRE, 1, 0)
        [a] = first.assign([wire])
        rewrite = stored(mine, "الشرطة الكندية: عشرة قتلى في دهس تورونتو", TORONTO_REWRITE, 2, 1,
                         source="BBC")
        [b] = second.assign([rewrite])
        assert b.story_id == a.story_id == wire.id
        assert store.story(wire.id).article_count == 2
    finally:
        mine.close()


def test_an_article_placed_late_under_a_lower_id_is_not_missed(store):
    """Ids are handed out at insert, placements come later: process 1 inserts X, process 2
    inserts and places Y (a higher id), then process 1 places X. Process 2 must still learn
    of X when it places Z, of X's event."""
    mine = other_process(store)
    try:
        first, second = StoryAssigner(store), StoryAssigner(mine)
        first.resume(), second.resume()
        x = stored(store, "كارلسن بطلا للعالم في الشطرنج السريع", CHESS, 1, 0)
        y = stored(mine, "النفط يتجاوز 80 دولارا", OIL, 2, 1, source="france24")
        second.assign([y])
        [px] = first.assign([x])
        z = stored(mine, "كارلسن يحرز لقب العالم في الشطرنج السريع", "سان بطرسبرغ - أ ف ب: "
                   + CHESS, 3, 2, source="BBC")
        [pz] = second.assign([z])
        assert pz.story_id == px.story_id == x.id
    finally:
        mine.close()


def test_the_story_lock_lets_one_process_place_at_a_time(store):
    mine = other_process(store)
    order: list[str] = []
    try:
        with store.stories_lock():
            waiter = threading.Thread(target=_take, args=(mine, order))
            waiter.start()
            time.sleep(0.5)
            order.append("first done")
        waiter.join(10)
        assert order == ["first done", "second in"]
    finally:
        mine.close()


def _take(store, order):
    with store.stories_lock():
        order.append("second in")
