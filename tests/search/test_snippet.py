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
    # Issue 16: snippets were made from whole bodies (most of the search page's CPU): the
    # words analyzed stop a few windows past the first match (read in parts of
    # PART_CHARS characters), and offsets are found for the window's part only.
    import khabar.search.snippet as module

    analyzed, spans = [], []
    module_term, module_tokens = module.term, module.tokens

    def counting_term(word):
        analyzed.append(word)
        return module_term(word)

    def counting_tokens(*args):
        for span in module_tokens(*args):
            spans.append(span)
            yield span

    monkeypatch.setattr(module, "term", counting_term)
    monkeypatch.setattr(module, "tokens", counting_tokens)
    text = "النفط " + " ".join(["كلام"] * 5000)
    html = snippet(text, set(analyze("النفط")), words=10)
    assert html.startswith("<mark>النفط</mark>") and html.endswith(" …")
    assert len(analyzed) <= 1 + module.LOOK_AHEAD * 10 + module.PART_CHARS
    assert len(spans) == 10


def test_snippet_window_deep_in_a_long_body_has_the_right_offsets():
    # The window starts in a later part than the first: its offsets come from that part.
    filler = " ".join(f"كلمة{i}" for i in range(400))
    text = f"{filler} تقرير عن <النفط> والغاز في الخليج، ثم {filler}"
    html = snippet(text, set(analyze("النفط الخليج")), words=12)
    assert "<mark>&lt;</mark>" not in html and "&lt;<mark>النفط</mark>&gt;" in html
    assert "<mark>الخليج</mark>" in html and html.startswith("… ") and html.endswith(" …")
    assert html.count("<mark>") == 2 and len(html.split()) <= 12 + 2


def test_snippet_is_the_same_for_every_part_size(monkeypatch):
    import khabar.search.snippet as module

    body = ("في العاصمة قالت الإدارة الأمريكية إن إدارة ترامب ستعلن، "
            "https://example.com/ادارة-ترامب خطتها. ") * 40
    terms = set(analyze("ادارة ترامب"))
    expected = snippet(body, terms)
    for size in (1, 7, 50, 10_000):
        monkeypatch.setattr(module, "PART_CHARS", size)
        assert snippet(body, terms) == expected
    assert "<mark>الإدارة</mark>" in expected and "<mark>ترامب</mark>" in expected


def test_kept_snippets_follow_the_text_and_the_terms(monkeypatch):
    import khabar.search.snippet as module

    made = []
    original = module.snippet
    monkeypatch.setattr(module, "snippet", lambda text, terms: made.append(text) or original(text, terms))
    monkeypatch.setattr(module, "_kept", type(module._kept)())
    oil, gas = set(analyze("النفط")), set(analyze("الغاز"))
    body = "أسعار النفط والغاز ترتفع"
    first = module.kept_snippet(body, oil)
    assert module.kept_snippet(body, oil) == first == snippet(body, oil) and len(made) == 1
    assert "<mark>والغاز</mark>" in module.kept_snippet(body, gas) and len(made) == 2
    changed = body.replace("ترتفع", "تنخفض")  # an article updated: its new body
    assert "تنخفض" in module.kept_snippet(changed, oil) and len(made) == 3
    monkeypatch.setattr(module, "KEPT", 2)
    module.kept_snippet("النفط أولا", oil)  # the oldest is dropped
    assert len(module._kept) == 2
    assert module.kept_highlight("إدارة & ترامب", set(analyze("ادارة"))) == "<mark>إدارة</mark> &amp; ترامب"
