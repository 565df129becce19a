"""A reader's state in the store, on both backends: follows, read/saved marks, filter rules,
isolation between users, concurrent marking, and the upgrade of an existing database."""

from __future__ import annotations

import multiprocessing
from datetime import datetime, timezone

import pytest
from alembic import command

from khabar.errors import InvalidInput, NotFound
from khabar.pipeline.importer import prepare_record
from khabar.store import migrate as migrations
from khabar.store import open_store
from khabar.store.filters import ArticleFilter
from khabar.store.rules import MAX_SCAN, RuleSet, check_rule, filtered_latest
from tests.conftest import SAMPLE_ARTICLES, _fresh, migration_transaction, record

NOW = datetime(2018, 6, 1, tzinfo=timezone.utc)


def fill(store, records=None):
    store.add_articles([prepare_record(r, None, NOW) for r in _fresh(records or SAMPLE_ARTICLES)])
    return {a.title: a for a in store.latest(limit=100)}


def titles(articles):
    return [a.title for a in articles]


def test_follows_narrow_lists_to_what_a_user_follows(store):
    by_title = fill(store)
    gaza = by_title["وقف إطلاق النار في غزة يدخل حيز التنفيذ"]
    sara, omar = store.create_user("sara", "h"), store.create_user("omar", "h")
    assert store.follow(sara.id, "source", str(gaza.source_id))
    assert not store.follow(sara.id, "source", str(gaza.source_id))  # already
    assert store.follow(sara.id, "entity", "دونالد ترامب")
    assert store.follow(sara.id, "country", "eg")  # kept upper case, matches when known
    assert [(f.kind, f.key) for f in store.follows(sara.id)] == [
        ("country", "EG"), ("entity", "دونالد ترامب"), ("source", str(gaza.source_id))]
    assert store.follows(omar.id) == []
    follows = ArticleFilter(follows=tuple((f.kind, f.key) for f in store.follows(sara.id)))
    assert sorted(titles(store.latest(filters=follows))) == sorted(
        [gaza.title, "إدارة ترامب تفرض عقوبات جديدة على إيران"])
    assert store.unfollow(sara.id, "entity", "دونالد ترامب")
    assert not store.unfollow(sara.id, "entity", "دونالد ترامب")
    with pytest.raises(InvalidInput):
        store.follow(sara.id, "planet", "x")
    with pytest.raises(InvalidInput):
        store.follow(sara.id, "source", "not-an-id")


def test_read_and_saved_marks_are_per_user_and_independent(store):
    ids = [a.id for a in fill(store).values()]
    sara, omar = store.create_user("sara", "h"), store.create_user("omar", "h")
    assert store.mark_read(sara.id, ids[:2]) == 2
    store.set_saved(sara.id, ids[0])
    store.set_saved(omar.id, ids[3])
    states = store.article_states(sara.id, ids)
    assert states[ids[0]].read and states[ids[0]].saved and states[ids[1]].read
    assert not states[ids[1]].saved and ids[3] not in states
    assert store.article_states(omar.id, ids)[ids[3]].saved
    assert not store.article_states(omar.id, ids)[ids[3]].read
    store.mark_read(sara.id, [ids[0]], read=False)  # unread again, still saved
    assert store.article_states(sara.id, [ids[0]])[ids[0]] .saved
    assert not store.article_states(sara.id, [ids[0]])[ids[0]].read
    assert store.count_articles(ArticleFilter(unread_by=sara.id)) == len(ids) - 1
    assert store.count_articles(ArticleFilter(saved_by=sara.id)) == 1
    assert titles(store.saved_articles(omar.id)) == [store.article(ids[3]).title]
    assert store.count_saved(sara.id) == 1
    with pytest.raises(NotFound):
        store.set_saved(sara.id, 999_999)
    assert store.mark_read(sara.id, [999_999]) == 0  # unknown ids are skipped
    assert store.mark_all_read(omar.id) == len(ids)
    assert store.count_articles(ArticleFilter(unread_by=omar.id)) == 0
    assert store.count_articles(ArticleFilter(unread_by=sara.id)) == len(ids) - 1


def test_story_groups_fold_a_story_and_count_unread(store):
    ids = [a.id for a in fill(store).values()]
    user = store.create_user("sara", "h")
    groups = store.story_groups(ArticleFilter(), user_id=user.id)
    assert len(groups) == len(ids) and all(g.unread == 1 for g in groups)
    store.mark_read(user.id, ids[:1])
    groups = {g.article_id: g for g in store.story_groups(ArticleFilter(), user_id=user.id)}
    assert groups[ids[0]].unread == 0


def test_removing_a_user_removes_their_state(store):
    ids = [a.id for a in fill(store).values()]
    user = store.create_user("sara", "h")
    store.follow(user.id, "tag", "غزة")
    store.mark_read(user.id, ids)
    store.set_saved(user.id, ids[0])
    store.add_rule(user.id, *check_rule("block", "words", "any", "النفط"))
    store.remove_user(user.id)
    again = store.create_user("sara", "h")
    assert store.follows(again.id) == [] and store.rules(again.id) == []
    assert store.article_states(again.id, ids) == {} and store.count_saved(again.id) == 0


# --- filter rules ----------------------------------------------------------------------------

def rules(store, user, *specs):
    for spec in specs:
        store.add_rule(user.id, *check_rule(*spec))
    return RuleSet.of_user(store, user.id)


def test_word_rules_match_through_the_arabic_analysis(store):
    fill(store)
    user = store.create_user("sara", "h")
    ruleset = rules(store, user, ("block", "words", "any", "ادارة"))  # no hamza: matches إدارة
    shown, _ = filtered_latest(store, ruleset, limit=10)
    assert "إدارة ترامب تفرض عقوبات جديدة على إيران" not in titles(shown) and len(shown) == 4
    assert "إدارة ترامب تفرض عقوبات جديدة على إيران" in titles(store.latest(limit=10))


@pytest.mark.parametrize("spec, hidden", [
    (("block", "words", "title", "مدرسة جديدة"), "مدرسة جديدة في القرية"),  # a phrase
    (("block", "words", "body", "البرميل"), "أسعار النفط ترتفع بعد قرار أوبك"),
    (("block", "regex", "title", r"^وقف\s+إطلاق"), "وقف إطلاق النار في غزة يدخل حيز التنفيذ"),
    (("block", "words", "outlet", "فرانس"), "وقف إطلاق النار في غزة يدخل حيز التنفيذ"),
    (("block", "entity", "any", "روسيا"), "المنتخب المغربي يستعد لكأس العالم"),
    (("block", "tag", "any", "غزة"), "وقف إطلاق النار في غزة يدخل حيز التنفيذ"),
])
def test_block_rules_on_each_field(store, spec, hidden):
    fill(store)
    ruleset = rules(store, store.create_user("sara", "h"), spec)
    shown, _ = filtered_latest(store, ruleset, limit=10)
    assert hidden not in titles(shown) and len(shown) == 4


def test_a_muted_outlet_is_a_sql_condition_and_counts_stay_exact(store):
    by_title = fill(store)
    france = by_title["وقف إطلاق النار في غزة يدخل حيز التنفيذ"].source_id
    ruleset = rules(store, store.create_user("sara", "h"), ("block", "source", "any", str(france)))
    assert ruleset.excluded == (("source", str(france)),) and not ruleset.checks_articles
    assert store.count_articles(ruleset.narrow(None)) == 4


def test_following_a_country_lists_the_articles_filed_under_it(store):
    """A followed country keeps what ``country:`` and the country edition keep: the articles
    filed under it, whatever the outlet's own country."""
    by_title = fill(store)
    oil = by_title["أسعار النفط ترتفع بعد قرار أوبك"]
    store.set_article_countries({oil.id: ["SA", "IR"]})
    sara = store.create_user("sara", "h")
    assert store.follow(sara.id, "country", "sa")
    follows = ArticleFilter(follows=tuple((f.kind, f.key) for f in store.follows(sara.id)))
    assert titles(store.latest(filters=follows)) == [oil.title]
    assert titles(store.latest(filters=ArticleFilter(country="SA"))) == [oil.title]


def test_keep_rules_show_only_what_matches_one(store):
    fill(store)
    ruleset = rules(store, store.create_user("sara", "h"),
                    ("keep", "words", "any", "النفط"), ("keep", "words", "title", "غزة"))
    shown, _ = filtered_latest(store, ruleset, limit=10)
    assert sorted(titles(shown)) == sorted(["أسعار النفط ترتفع بعد قرار أوبك",
                                            "إدارة ترامب تفرض عقوبات جديدة على إيران",
                                            "وقف إطلاق النار في غزة يدخل حيز التنفيذ"])


@pytest.mark.parametrize("spec", [
    ("hide", "words", "any", "x"), ("block", "planet", "any", "x"),
    ("block", "words", "nowhere", "x"), ("block", "words", "any", ""),
    ("block", "words", "any", "x" * 301), ("block", "regex", "any", "(unclosed"),
    ("block", "words", "any", "من في"),  # stop words only: nothing to match
    ("keep", "country", "any", "EG"),
])
def test_invalid_rules_are_refused_with_a_reason(spec):
    with pytest.raises(InvalidInput) as caught:
        check_rule(*spec)
    assert caught.value.user_message


def test_a_catastrophic_regex_is_cut_off_by_its_time_limit(store):
    fill(store, [record(title=f"a{i}", body="a" * 5000 + "!", url=f"https://x.example/{i}")
                 for i in range(30)])
    ruleset = rules(store, store.create_user("sara", "h"), ("block", "regex", "body", r"(a+)+b"))
    started = datetime.now()
    shown, _ = filtered_latest(store, ruleset, limit=10)
    assert (datetime.now() - started).total_seconds() < 5
    assert len(shown) == 10  # the timed-out rule counts as no match, and is not run again
    assert ruleset.blocks[0].timed_out


def test_pages_continue_after_filtered_articles(store):
    fill(store, [record(title=f"خبر رقم {i} {'النفط' if i % 2 else 'الذهب'}",
                        url=f"https://x.example/{i}",
                        published_at=datetime(2018, 5, 1, i, tzinfo=timezone.utc))
                 for i in range(20)])
    ruleset = rules(store, store.create_user("sara", "h"), ("block", "words", "title", "النفط"))
    first, cursor = filtered_latest(store, ruleset, limit=4)
    second, end = filtered_latest(store, ruleset, limit=10, after=cursor)
    assert len(first) == 4 and len(second) == 6 and end is None
    assert all("الذهب" in t for t in titles(first + second))
    assert not set(titles(first)) & set(titles(second))
    assert MAX_SCAN >= 100


# --- concurrency and upgrades ----------------------------------------------------------------

def _mark_each(location, user_id, ids, what):
    with open_store(location, migrate=False) as store:
        for article_id in ids:
            if what == "read":
                store.mark_read(user_id, [article_id])
            else:
                store.set_saved(user_id, article_id)


def test_two_processes_marking_at_once_lose_nothing(store_location):
    with open_store(store_location) as store:
        ids = [a.id for a in fill(store).values()]
        ids += [r.article_id for r in store.add_articles([prepare_record(
            record(title=f"خبر {i}", url=f"https://y.example/{i}"), None, NOW) for i in range(40)])]
        user = store.create_user("sara", "h")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_mark_each, args=(str(store_location), user.id, ids, what))
               for what in ("read", "saved")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
        assert w.exitcode == 0
    with open_store(store_location, migrate=False) as store:
        states = store.article_states(user.id, ids)
    assert len(states) == len(ids) and all(s.read and s.saved for s in states.values())


def test_upgrading_an_existing_database_keeps_every_row(store_location):
    with open_store(store_location) as store:
        fill(store)
        config = migrations._config()
        with migration_transaction(store) as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0009")
            assert migrations.current_revisions(conn) == ["0009"]
    with open_store(store_location) as store:  # opening migrates to the heads again
        assert store.count_articles() == len(SAMPLE_ARTICLES)
        assert len(store.sources()) == 2
        user = store.create_user("sara", "h")
        store.mark_read(user.id, [a.id for a in store.latest()])
        assert store.count_articles(ArticleFilter(unread_by=user.id)) == 0


def test_khabar_copy_carries_readers_to_postgresql(tmp_path, pg_url):
    from khabar.store.copy import copy_store

    with open_store(tmp_path / "src.db") as src, open_store(pg_url) as dst:
        ids = [a.id for a in fill(src).values()]
        user = src.create_user("sara", "h")
        src.follow(user.id, "tag", "غزة")
        src.mark_read(user.id, ids[:2])
        src.set_saved(user.id, ids[0])
        src.add_rule(user.id, *check_rule("block", "words", "any", "النفط"))
        report = copy_store(src, dst)
        assert report.failed == {}
        copied = dst.user_by_name("sara")
        assert [(f.kind, f.key) for f in dst.follows(copied.id)] == [("tag", "غزة")]
        assert dst.count_saved(copied.id) == 1 and len(dst.rules(copied.id)) == 1
        assert len(dst.article_states(copied.id, ids)) == 2
        dst.follow(copied.id, "tag", "النفط")  # sequences moved past the copied ids
        dst.mark_read(copied.id, ids)


def test_an_export_restores_accounts_and_their_state(store, tmp_path):
    from khabar.pipeline import import_paths
    from khabar.pipeline.archive import export_archive

    ids = [a.id for a in fill(store).values()]
    user = store.create_user("sara", "argon2-hash")
    store.follow(user.id, "entity", "روسيا")
    store.mark_read(user.id, ids[:3])
    store.set_saved(user.id, ids[1])
    export_archive(store, tmp_path / "backup.jsonl")
    with open_store(tmp_path / "restored.db") as restored:
        report = import_paths(restored, [tmp_path / "backup.jsonl"])
        assert report.archive[0]["failed"] == {}
        again = restored.user_by_name("sara")
        assert again.id == user.id and again.password_hash == "argon2-hash"
        assert [(f.kind, f.key) for f in restored.follows(again.id)] == [("entity", "روسيا")]
        states = restored.article_states(again.id, ids)
        assert len(states) == 3 and states[ids[1]].saved
