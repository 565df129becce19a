"""Lead images and enclosures in the store (0010), on both backends."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from khabar.store.migrate import _config, upgrade
from khabar.store.records import Enclosure, Image
from tests.conftest import migration_transaction, record

LEAD = Image("https://cdn.example/lead.jpg", 1200, 675)
AUDIO = Enclosure("https://cdn.example/a.mp3", "audio/mpeg", 4096)


def test_image_and_enclosures_are_stored_and_read_back(store):
    [added] = store.add_articles([record(url="https://n.example/1", guid="1", image=LEAD,
                                         enclosures=[AUDIO])])
    article = store.article(added.article_id)
    assert article.image == LEAD and article.enclosures == [AUDIO]
    doc = article.to_json()
    assert doc["image"] == {"url": LEAD.url, "width": 1200, "height": 675}
    assert doc["enclosures"] == [{"url": AUDIO.url, "type": "audio/mpeg", "length": 4096}]
    [plain] = store.add_articles([record(title="بلا صورة", body="نص آخر تماماً.", guid="2")])
    bare = store.article(plain.article_id)
    assert bare.image is None and bare.enclosures == []


def test_a_later_copy_fills_a_missing_image_and_a_changed_article_replaces_it(store):
    [first] = store.add_articles([record(guid="g", entry_hash="a" * 64)])
    store.add_articles([record(guid="g", entry_hash="a" * 64, image=Image(LEAD.url),
                               enclosures=[AUDIO])])
    filled = store.article(first.article_id)
    assert filled.image == Image(LEAD.url) and filled.enclosures == [AUDIO]
    # the same image with its size now known gains the size
    store.add_articles([record(guid="g", entry_hash="a" * 64, image=LEAD)])
    assert store.article(first.article_id).image == LEAD
    # the source changed the article and its image: the new image comes with its own size
    store.add_articles([record(guid="g", entry_hash="b" * 64,
                               image=Image("https://cdn.example/new.jpg"))], replace=True)
    assert store.article(first.article_id).image == Image("https://cdn.example/new.jpg")
    # a change without an image keeps the stored one
    store.add_articles([record(guid="g", entry_hash="c" * 64)], replace=True)
    assert store.article(first.article_id).image == Image("https://cdn.example/new.jpg")


def test_measured_size_is_recorded_once_and_only_for_the_current_image(store):
    [added] = store.add_articles([record(guid="m", image=Image(LEAD.url))])
    assert not store.set_image_size(added.article_id, "https://cdn.example/other.jpg", 10, 10)
    assert store.set_image_size(added.article_id, LEAD.url, 800, 450)
    assert not store.set_image_size(added.article_id, LEAD.url, 1, 1)  # known already
    assert store.article(added.article_id).image == Image(LEAD.url, 800, 450)


def test_migration_0010_goes_down_and_up_keeping_articles(store):
    [added] = store.add_articles([record(guid="x", image=LEAD, enclosures=[AUDIO])])
    config = _config()
    with migration_transaction(store) as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0009")
    columns = {c["name"] for c in inspect(store.engine).get_columns("articles")}
    assert not columns & {"image_url", "image_width", "image_height", "enclosures"}
    with migration_transaction(store) as conn:
        upgrade(conn)
    columns = {c["name"] for c in inspect(store.engine).get_columns("articles")}
    assert {"image_url", "image_width", "image_height", "enclosures"} <= columns
    article = store.article(added.article_id)
    assert article.title and article.image is None and article.enclosures == []
    with store.engine.connect() as conn:  # the expression index of 0003 survives the way down
        indexes = {row[0] for row in conn.exec_driver_sql(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'articles'"
            if conn.dialect.name == "postgresql"
            else "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "ix_articles_sort_time" in indexes
