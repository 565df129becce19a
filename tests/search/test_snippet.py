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


def test_snippet_analyzes_only_the_candidate_words(monkeypatch):
    # Issue 16: snippets analyzed every word of a body up to a few windows past the first
    # match (most of the search page's CPU): now only the words a regex of the terms'
    # letters points at are analyzed, whatever the body's length.
    import khabar.search.term_finder as finder

    analyzed = []
    module_term = finder.term

    def counting_term(word):
        analyzed.append(word)
        return module_term(word)

    monkeypatch.setattr(finder, "term", counting_term)
    text = " ".join(["كلام"] * 3000) + " النفط " + " ".join(["كلام"] * 3000)
    html = snippet(text, set(analyze("النفط")), words=10)
    assert "<mark>النفط</mark>" in html and html.startswith("… ") and html.endswith(" …")
    assert analyzed == ["النفط"]


def test_snippet_shows_a_few_words_before_the_first_match():
    # The window opens CONTEXT words before the densest group (the old window could end
    # on the match, with the words after it cut off).
    filler = " ".join(f"كلمة{i}" for i in range(100))
    text = f"{filler} قالت «الإدارة» الأمريكية إن إدارة ترامب ستعلن خطتها {filler}"
    html = snippet(text, set(analyze("ادارة ترامب")), words=12)
    assert html.startswith("… كلمة97 كلمة98 كلمة99 قالت «<mark>الإدارة</mark>» ")
    assert "<mark>إدارة</mark> <mark>ترامب</mark>" in html and html.endswith(" …")
    assert len(html.split()) == 12 + 2


def test_snippet_near_the_end_fills_its_window_from_before():
    text = " ".join(f"كلمة{i}" for i in range(100)) + " ثم النفط"
    html = snippet(text, set(analyze("النفط")), words=10)
    assert html.startswith("… ") and html.endswith("<mark>النفط</mark>")
    assert len(html.split()) == 10 + 1


def test_snippet_window_deep_in_a_long_body_has_the_right_offsets():
    # The window starts in a later part than the first: its offsets come from that part.
    filler = " ".join(f"كلمة{i}" for i in range(400))
    text = f"{filler} تقرير عن <النفط> والغاز في الخليج، ثم {filler}"
    html = snippet(text, set(analyze("النفط الخليج")), words=12)
    assert "<mark>&lt;</mark>" not in html and "&lt;<mark>النفط</mark>&gt;" in html
    assert "<mark>الخليج</mark>" in html and html.startswith("… ") and html.endswith(" …")
    assert html.count("<mark>") == 2 and len(html.split()) <= 12 + 2


def test_snippet_marks_every_inflection_the_analyzer_folds_together():
    body = ("في العاصمة قالت الإدارة الأمريكية إن إدارة ترامب وإدارتها ستعلن، "
            "https://example.com/ادارة-ترامب خطتها وللإداراتِ والإدارات. ") * 3
    html = snippet(body, set(analyze("ادارة ترامب")), words=200)
    for word in ("الإدارة", "إدارة", "ترامب", "وإدارتها", "وللإداراتِ", "والإدارات"):
        assert f"<mark>{word}</mark>" in html
    assert "ادارة-ترامب" in html and "<mark>ادارة" not in html  # a URL is not a word
    assert "<mark>الأمريكية</mark>" not in html


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
