"""A hand-written wire story for the summary, provenance and timeline tests.

واس puts the text out first (through «الرياض - واس» at the first outlet); two outlets copy it
word for word (one names the agency only in a closing «المصدر: واس»), one rewrites it, one adds
reporting of its own, and the first outlet comes back later with an update.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from khabar.arabic import Dateline
from khabar.store.records import Article

T0 = datetime(2026, 11, 30, 9, 14, tzinfo=timezone.utc)

WIRE = (
    "الرياض - واس: أعلنت وزارة الصحة السعودية اليوم إطلاق حملة وطنية لتطعيم مليون طفل ضد "
    "الحصبة في جميع مناطق المملكة خلال الشهرين المقبلين.\n"
    "وأوضحت الوزارة أن الحملة تستهدف الأطفال من عمر سنة حتى خمس سنوات في المدارس والمراكز "
    "الصحية والمنازل.\n"
    "وأشارت إلى أن أكثر من ثلاثة آلاف فريق طبي سيشارك في الحملة بالتعاون مع وزارة التعليم.\n"
    "ودعت الوزارة أولياء الأمور إلى التعاون مع الفرق الصحية وتسجيل أطفالهم عبر التطبيق الرسمي."
)

REWRITE = (
    "تبدأ السعودية حملة تطعيم ضد الحصبة تشمل مليون طفل في مختلف مناطق المملكة، بحسب ما "
    "أعلنته وزارة الصحة يوم الأحد.\n"
    "وتشارك في الحملة فرق طبية يزيد عددها على ثلاثة آلاف فريق تعمل مع وزارة التعليم في "
    "المدارس والمراكز الصحية."
)

ORIGINAL = (
    "قال مسؤول في وزارة الصحة السعودية لموقعنا إن الحملة ضد الحصبة جاءت بعد تسجيل ارتفاع في "
    "الإصابات بين الأطفال في المنطقة الشرقية منذ بداية الخريف.\n"
    "وأضاف المسؤول أن مستشفيات الدمام والخبر استقبلت أكثر من مئتي حالة خلال الأسابيع الثلاثة "
    "الماضية معظمها لأطفال غير مطعمين.\n"
    "وبحسب خبراء في الصحة العامة فإن نسبة التطعيم في بعض الأحياء تراجعت إلى أقل من ثمانين "
    "في المئة خلال جائحة كورونا."
)

UPDATE = (
    "أعلنت وزارة الصحة السعودية مساء اليوم أن أكثر من مئة ألف طفل تلقوا اللقاح في اليوم الأول "
    "من الحملة الوطنية ضد الحصبة.\n"
    "وقال المتحدث باسم الوزارة إن الإقبال فاق التوقعات في منطقتي الرياض ومكة المكرمة، وإن "
    "الوزارة مددت ساعات العمل في المراكز الصحية حتى منتصف الليل."
)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def article(number: int, source: str, title: str, body: str, hours: float, **fields) -> Article:
    when = at(hours)
    values: dict = dict(
        id=number, source_id=number, source=source, title=title, body=body,
        url=f"https://example.org/{number}", canonical_url=None, guid=None, summary=None,
        author=None, published_at=when, fetched_at=when, language="ar", category=None,
        attributed_to=None, keywords=[], dateline=None, content_hash=None)
    values.update(fields)
    return Article(**values)


def wire_story() -> list[Article]:
    """The story's articles, deliberately out of order (the modules sort by time)."""
    return [
        article(5, "الوطن", "الصحة: 100 ألف طفل تلقوا لقاح الحصبة في اليوم الأول", UPDATE, 9),
        article(1, "الوطن", "إطلاق حملة وطنية لتطعيم مليون طفل ضد الحصبة", WIRE, 0,
                dateline=Dateline(place="الرياض", agency="واس")),
        article(2, "عكاظ", "حملة لتطعيم مليون طفل ضد الحصبة", WIRE.split(": ", 1)[1], 0.5,
                duplicate_of=1),
        article(3, "سبق", "مليون طفل في حملة الحصبة",
                WIRE.split(": ", 1)[1] + "\nالمصدر: واس", 1),
        article(4, "الرياض", "السعودية تبدأ حملة تطعيم ضد الحصبة", REWRITE, 2),
        article(6, "اليوم", "ارتفاع إصابات الحصبة في الشرقية وراء حملة التطعيم", ORIGINAL, 3),
    ]
