from __future__ import annotations

from khabar.arabic import analyze
from khabar.search.snippet import highlight, snippet


def test_snippet_escapes_html_and_marks_terms():
    text = "قال <script>alert(1)</script> إن الحكومة، أعلنت"
    html = snippet(text, set(analyze("حكومه")))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<mark>الحكومة</mark>،" in html


def test_snippet_picks_the_densest_window():
    filler = " ".join(["كلام"] * 100)
    text = f"{filler} النفط والغاز في الخليج {filler}"
    html = snippet(text, set(analyze("النفط الخليج")), words=10)
    assert "<mark>النفط</mark>" in html and "<mark>الخليج</mark>" in html
    assert html.startswith("… ") and html.endswith(" …")


def test_snippet_without_match_is_the_opening():
    assert snippet("بداية النص ثم بقية", {"غير_موجود"}, words=2).startswith("بداية النص")


def test_highlight_keeps_the_whole_title():
    assert highlight("إدارة & ترامب", set(analyze("ادارة"))) == "<mark>إدارة</mark> &amp; ترامب"
