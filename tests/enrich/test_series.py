"""Recurring columns are not events: they never make a story (#19 item 5)."""

from __future__ import annotations

from collections import Counter

from khabar.enrich.series import SeriesDetector
from khabar.enrich.stories import Clusterer, Item
from tests.enrich.story_fixtures import TORONTO_REWRITE, WIRE, at

GROOMS = ["محمد بن عبدالله الشهري", "فهد بن سعد القحطاني", "خالد بن علي الغامدي",
          "سلطان بن ناصر العتيبي", "عبدالرحمن بن فهد الدوسري", "ماجد بن صالح الزهراني",
          "تركي بن محمد الحربي"]
WEDDING = ("احتفل {groom} بزواجه من كريمة الشيخ {father}، وذلك في قاعة {hall} بمدينة {city} "
           "بحضور جمع من الأهل والأقارب والأصدقاء الذين قدموا التهاني والتبريكات للعريسين "
           "متمنين لهما حياة سعيدة ومباركة، وقد عبر والد العريس عن شكره لكل من حضر وشارك "
           "الأسرة فرحتها في هذه المناسبة السعيدة.")
FATHERS = ["سعد المطيري", "علي الشمري", "ناصر السبيعي", "صالح العنزي", "فهد الرشيدي",
           "محمد البقمي", "حمد اليامي"]
HALLS = ["الماسة", "اللؤلؤة", "الريم", "الفيصلية", "النخيل", "الياسمين", "الأندلس"]


def wedding(n: int) -> str:
    return WEDDING.format(groom=GROOMS[n], father=FATHERS[n], hall=HALLS[n],
                          city=["الرياض", "جدة"][n % 2])


def test_a_daily_wedding_column_of_two_papers_never_makes_a_story():
    c = Clusterer()
    placed = []
    for day in range(7):
        for paper in ("okaz", "alriyadh"):
            for n in range(2):
                k = len(placed) + 1
                title = f"زواج {GROOMS[(day + n) % 7].split()[0]}"
                placed.append(c.add(Item(k, title, wedding((day + n) % 7), paper,
                                         at(day * 24 + n))))
    # the first two days' announcements are template text with other names: near copies
    first_days = Counter(p.story_id for p in placed[:8])
    later = Counter(p.story_id for p in placed[8:])
    assert all(p.series for p in placed[8:])  # the column is known from its third day on
    assert max(later.values()) == 1  # none of the 20 later announcements joined another
    assert not set(later) & set(first_days)


def test_column_titles_are_series_from_the_first_article():
    d = SeriesDetector()
    for title in ("مواقيت الصلاة في الرياض", "حالة الطقس اليوم: أمطار على جدة",
                  "أسعار العملات مقابل الريال", "نعي: انتقل إلى رحمة الله فلان",
                  "عقد قران ابن فلان", "تهنئة بمناسبة تخرج"):
        assert d.is_series("okaz", title, "نص قصير للعمود اليومي", at(0)), title


def test_news_is_not_a_series():
    d = SeriesDetector()
    statements = [
        "قال وزير الخارجية الإماراتي أنور قرقاش إن خروج قطر من أزمتها حله خليجي وبوابته الرياض "
        "مضيفا أن الوساطات لن تنجح ما لم تراجع الدوحة سياساتها",
        "قال وزير الخارجية الإماراتي أنور قرقاش إن السعودية ومصر أساس أي بناء عربي وإن "
        "المنطقة تمر بمرحلة دقيقة تتطلب التنسيق بين العواصم",
        "قال وزير الخارجية الإماراتي أنور قرقاش إن الحملة على دور الإمارات في اليمن مريبة "
        "وإن قوات التحالف تعمل على إعادة الشرعية وتأمين الموانئ",
        "قال وزير الخارجية الإماراتي أنور قرقاش إن المراجعة الداخلية في قطر واجبة بعد سنة "
        "من المقاطعة وإن الأزمة لن تحل بالإعلام",
    ]
    flags = [d.is_series("CNN", "قرقاش: تصريح جديد", s, at(24 * i)) for i, s in enumerate(statements)]
    assert not any(flags)
    # the death of a notable, a law on marriage: news, not columns
    assert not d.is_series("BBC", "وفاة اللاعب أستوري قائد فيورنتينا", WIRE, at(0))
    assert not d.is_series("BBC", "البرلمان يقر قانونا يمنع زواج القاصرات", TORONTO_REWRITE, at(1))
