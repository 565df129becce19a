import pytest

from khabar.ingest.htmltext import html_to_text, paragraphs

CASES = [
    ("<p>فقرة أولى.</p><p>فقرة ثانية.</p>", "فقرة أولى.\nفقرة ثانية."),
    ("سطر<br>سطر آخر<br/>ثالث", "سطر\nسطر آخر\nثالث"),
    ("<p>نص <b>عريض</b> و<a href='#'>رابط</a></p>", "نص عريض ورابط"),
    ("<p>قبل</p><script>alert('x')</script><style>p{}</style><p>بعد</p>", "قبل\nبعد"),
    ("<div><h2>عنوان</h2><ul><li>أ</li><li>ب</li></ul></div>", "عنوان\nأ\nب"),
    ("نص &amp; رموز &quot;مقتبسة&quot; &#1583;", 'نص & رموز "مقتبسة" د'),
    ("<p>  مسافات   كثيرة\u00a0هنا </p>", "مسافات كثيرة هنا"),
    ("<!-- تعليق --><p>نص</p>", "نص"),
    ("نص بلا وسوم\n\n  وسطر ثان  ", "نص بلا وسوم\nوسطر ثان"),
    ("a < b > c", "a < b > c"),
    ("<p>غير مغلق", "غير مغلق"),
    ("", ""),
    ("   ", ""),
]


@pytest.mark.parametrize(("fragment", "text"), CASES)
def test_html_to_text(fragment: str, text: str) -> None:
    assert html_to_text(fragment) == text


def test_paragraphs() -> None:
    assert paragraphs(" أ  ب \r\n\r\n ج\t\tد ") == "أ ب\nج د"
