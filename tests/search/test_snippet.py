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


def test_snippet_reads_a_bounded_window_past_the_first_match(monkeypatch):
    # Issue 16: snippets were made from whole bodies (most of the search page's CPU).
    import khabar.search.snippet as module

    read = []

    def counting(text):
        for span in module_tokens(text):
            read.append(span)
            yield span

    module_tokens = module.tokens
    monkeypatch.setattr(module, "tokens", counting)
    text = "النفط " + " ".join(["كلام"] * 5000)
    html = snippet(text, set(analyze("النفط")), words=10)
    assert html.startswith("<mark>النفط</mark>") and html.endswith(" …")
    assert len(read) <= 1 + module.LOOK_AHEAD * 10
