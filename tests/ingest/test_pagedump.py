from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from khabar.arabic.dateline import Dateline
from khabar.errors import IngestError
from khabar.ingest.pagedump import read_pagedump

FIXTURES = Path(__file__).parent / "fixtures"
UTC = timezone.utc


def dump(name: str) -> list:
    return read_pagedump((FIXTURES / name).read_text(encoding="utf-8"), origin=name)


def test_dump_with_two_teasers() -> None:
    main, first, second = dump("dump_two_teasers.txt")
    assert main.title == "السعودية تطلق مشروعاً جديداً للطاقة الشمسية في نيوم"
    assert main.url == "https://www.example-news.com/ar/article/123456/السعودية-تطلق-مشروع?utm_source=whatsapp"
    assert main.source == "example-news.com"
    assert main.published_at == datetime(2024, 9, 20, 10, 30, tzinfo=UTC)
    assert main.body.split("\n") == [
        "أعلنت وزارة الطاقة السعودية، اليوم الجمعة، إطلاق مشروع جديد لإنتاج الكهرباء من الطاقة الشمسية في منطقة نيوم بقدرة 2.6 غيغاواط.",
        "وقال وزير الطاقة الأمير عبدالعزيز بن سلمان إن المشروع يأتي ضمن مستهدفات رؤية المملكة 2030 لرفع حصة الطاقة المتجددة في مزيج الكهرباء.",
        "وأضاف أن المرحلة الأولى من المشروع ستدخل الخدمة بحلول نهاية عام 2026.",
    ]
    assert main.attributed_to == "وكالة الأنباء السعودية"
    assert main.keywords == ["السعودية", "الطاقة الشمسية", "نيوم", "رؤية 2030"]
    assert main.dateline is None and main.author is None

    assert first.title == "الإمارات تفتتح أكبر محطة لتحلية المياه بالطاقة النظيفة"
    assert first.dateline == Dateline("أبوظبي", "وام")
    assert first.body.split("\n") == [
        "افتتحت دولة الإمارات العربية المتحدة، الخميس، محطة الطويلة لتحلية المياه بالتناضح العكسي.",
        "وتبلغ الطاقة الإنتاجية للمحطة نحو 909 آلاف متر مكعب يومياً.",
    ]
    assert second.title == "أسعار النفط ترتفع بعد قرار أوبك+"
    assert second.dateline == Dateline("لندن", "رويترز")
    assert second.body.startswith("لندن (رويترز) - ارتفعت أسعار النفط")  # kept as written
    assert second.body.endswith("إلى 74.10 دولار للبرميل.")
    for teaser in (first, second):
        assert teaser.url is None and teaser.attributed_to is None and teaser.keywords == []
        assert teaser.published_at is None and teaser.source == "example-news.com"
    for record in (main, first, second):
        assert "تابع" not in record.body and "حمّل" not in record.body and "©" not in record.body


def test_dump_without_further_reading() -> None:
    (main,) = dump("dump_no_further_reading.txt")
    assert main.title == "مجلس الوزراء اللبناني يقر خطة طوارئ للكهرباء"
    assert main.url == "https://www.example.lb/news/politics/2024/03/14/جلسة-مجلس-الوزراء"
    assert main.source == "example.lb"
    assert main.published_at == datetime(2024, 3, 14, 18, 45, tzinfo=UTC)  # "نشر في", not the update
    assert main.author == "ريما خوري"
    assert main.attributed_to == "الوكالة الوطنية للإعلام"
    assert main.keywords == ["لبنان", "مجلس الوزراء", "الكهرباء"]  # listed under "الوسوم:"
    assert main.body.split("\n") == [
        "عقد مجلس الوزراء اللبناني جلسته الأسبوعية في السراي الحكومي برئاسة رئيس الحكومة، وأقر خطة طوارئ لتأمين التغذية الكهربائية خلال فصل الصيف.",
        "وأوضح وزير الطاقة بعد الجلسة أن الخطة تقوم على زيادة ساعات التغذية تدريجياً إلى عشر ساعات يومياً.",
        "ولفت إلى أن التمويل سيأتي من سلفة خزينة بقيمة 100 مليون دولار.",
    ]  # "A+ A-", "طباعة", "تابعونا" and the inline "اقرأ أيضاً: …" link are gone


def test_maghrebi_dump() -> None:
    before = datetime.now(UTC)
    main, strike, prices = dump("dump_maghreb.txt")
    assert main.title == "وزارة التربية الوطنية تعلن عن إجراءات جديدة للدخول المدرسي"
    assert main.published_at == datetime(2024, 9, 17, 14, 20, tzinfo=UTC)  # "شتنبر", date line first
    assert main.url is None and main.source is None
    assert main.attributed_to == "هسبريس"
    assert main.keywords == ["المغرب", "التعليم", "الدخول المدرسي"]
    assert len(main.body.split("\n")) == 3
    assert "اشترك" not in main.body and "واتساب" not in main.body
    assert strike.title == "نقابات التعليم تدعو إلى إضراب وطني"
    assert strike.dateline == Dateline("الرباط", None)
    assert strike.body.split("\n")[1] == "وطالبت النقابات بتسوية ملفات الأساتذة العالقة."
    assert prices.title == "ارتفاع أسعار اللوازم المدرسية يثقل كاهل الأسر"
    assert prices.dateline == Dateline("الدار البيضاء", None)
    assert prices.published_at is not None
    assert abs(prices.published_at - (before - timedelta(hours=5))) < timedelta(minutes=1)
    assert prices.body.startswith("الدار البيضاء - تشتكي الأسر المغربية")


SMALL = [
    # (dump, expected titles, expected first body line of the main article)
    ("عنوان الخبر\nالفقرة الأولى من الخبر.", ["عنوان الخبر"], "الفقرة الأولى من الخبر."),
    ("عنوان\nشارك\nطباعة\nنص الخبر.\nتابعونا على تويتر", ["عنوان"], "نص الخبر."),
    ("عنوان\nنص.\nاقرأ أيضا\nعنوان بلا نص", ["عنوان"], "نص."),  # a teaser without text is dropped
    ("عنوان\nنص.\nأخبار ذات صلة\nخبر آخر\nنصه.\nخبر ثالث\nنصه أيضا.", ["عنوان", "خبر آخر", "خبر ثالث"], "نص."),
    ("عنوان\nنص.\nقد يهمك أيضاً:\nخبر آخر\nنصه.", ["عنوان", "خبر آخر"], "نص."),
    (" ".join(["كلمة"] * 40) + ".\nفقرة ثانية.", [""], " ".join(["كلمة"] * 40) + "."),
    ("الرئيسية > أخبار > سياسة\nعنوان\nنص.", ["عنوان"], "نص."),
    ("عنوان\nدبي - رويترز\nنص الخبر.", ["عنوان"], "نص الخبر."),
]


@pytest.mark.parametrize(("text", "titles", "first_line"), SMALL)
def test_small_dumps(text: str, titles: list[str], first_line: str) -> None:
    records = read_pagedump(text, origin="small.txt")
    assert [r.title for r in records] == titles
    assert records[0].body.split("\n")[0] == first_line


def test_dateline_line_of_the_main_article() -> None:
    (main,) = read_pagedump("عنوان\nدبي - رويترز\nنص الخبر.", origin="x")
    assert main.dateline == Dateline("دبي", "رويترز")


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "عنوان وحيد", "عنوان\nتاريخ النشر: 20 سبتمبر 2024\nشارك\nكلمات دلالية: أ، ب"],
)
def test_dump_without_body_is_an_error(text: str) -> None:
    with pytest.raises(IngestError) as caught:
        read_pagedump(text, origin="empty.txt")
    assert str(caught.value).startswith("ingest: ")
