"""A small store for the front page's tests (web and browser): three stories and a few
single articles, written by hand so that the ranking and the near-copy folding are known.

- story A, 2018-05-30: five outlets (one of them with a near copy of the first report),
  politics — must lead the home page;
- story B, 2018-05-31 (fresher): two articles of one outlet, sport;
- story C, 2018-05-31: two outlets, economy;
- three single articles; one followed source with a feed, for the sources and admin pages.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from khabar.enrich.story_rank import story_score
from khabar.store import Store
from khabar.store.records import Entity
from khabar.store.stories import Assignment
from tests.conftest import record

WIRE = ("أعلن الرئيس الأمريكي دونالد ترامب اليوم أن القمة المرتقبة مع زعيم كوريا الشمالية ستعقد "
        "في سنغافورة في الثاني عشر من يونيو المقبل، بعد أسابيع من التكهنات حول مصيرها. وقال "
        "ترامب في تصريحات للصحفيين في البيت الأبيض إن المحادثات التمهيدية تسير على نحو جيد وإن "
        "الوفدين يعملان على جدول الأعمال.")

A_OUTLETS = ("الجزيرة", "BBC", "سكاي نيوز عربية", "فرانس 24", "العربية")


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2018, 5, day, hour, minute, tzinfo=timezone.utc)


def fill_front(store: Store) -> dict:
    """Fill ``store``; returns the ids: {"a": [...], "copy": id, "b": [...], "c": [...],
    "single": [...], "source_id": id of the followed source, "source_of_a": BBC's id}."""
    a_records = [
        record(title=f"ترامب: قمة سنغافورة مع كوريا الشمالية في موعدها ({name})",
               body=f"{WIRE}\nتقرير {name} عن القمة.", source=name, category="middleEast",
               url=f"https://example.com/a/{i}", keywords=["قمة سنغافورة", "كوريا الشمالية"],
               entities=[Entity("دونالد ترامب", "person")],
               published_at=_at(30, 8 + i))
        for i, name in enumerate(A_OUTLETS)
    ]
    copy = record(title="القمة الأمريكية الكورية في موعدها", body=WIRE + "\nنقلاً عن الوكالات.",
                  source="الجزيرة", category="middleEast", url="https://example.com/a/copy",
                  keywords=["قمة سنغافورة"], published_at=_at(30, 13))
    b_records = [
        record(title=f"الأهلي يفوز في الدوري ({n})", body=f"فاز الأهلي في مباراة الدوري رقم {n}.",
               source="روسيا اليوم", category="sport", url=f"https://example.com/b/{n}",
               published_at=_at(31, 14, 5 + n))
        for n in range(2)
    ]
    c_records = [
        record(title=f"أسعار النفط ترتفع ({name})", body=f"ارتفعت أسعار النفط اليوم. {name}",
               source=name, category="economy", url=f"https://example.com/c/{i}",
               keywords=["النفط"], published_at=_at(31, 9 + i))
        for i, name in enumerate(("BBC", "العربية"))
    ]
    singles = [
        record(title=f"خبر منفرد رقم {n}", body=f"نص الخبر المنفرد رقم {n}.", source="BBC",
               url=f"https://example.com/s/{n}", published_at=_at(29, 10 + n))
        for n in range(3)
    ]
    results = store.add_articles(a_records + [copy] + b_records + c_records + singles)
    ids = [r.article_id for r in results]
    a, copy_id = ids[:5], ids[5]
    b, c, single = ids[6:8], ids[8:10], ids[10:]
    assignments = ([Assignment(i, a[0]) for i in a] + [Assignment(copy_id, a[0], a[0])]
                   + [Assignment(i, b[0]) for i in b] + [Assignment(i, c[0]) for i in c]
                   + [Assignment(i, i) for i in single])
    headlines = {a[0]: a[2], b[0]: b[0], c[0]: c[0], **{i: i for i in single}}
    store.save_stories(assignments, headlines, story_score)
    source = store.follow_source(name="وكالة الاختبار", feed_url="https://feeds.example.com/rss",
                                 url="https://feeds.example.com/")
    return {"a": a, "copy": copy_id, "b": b, "c": c, "single": single, "source_id": source.id,
            "source_of_a": store.article(a[1]).source_id}


def fail_every_source(store: Store) -> None:
    """Mark every followed source as failing its last check."""
    when = _at(31, 15) + timedelta(hours=1)
    for source in store.followed_sources():
        store.update_source(source.id, last_checked_at=when, error_count=3,
                            last_error="connect: timed out", last_error_user="تعذر الاتصال")
