"""Issue 20, items 7 and 11: NUL stored alike on both backends; a huge body is capped."""

from __future__ import annotations


from khabar.pipeline import import_paths

ROWS = ('{"title": "عنوان\\u0000مع", "text": "نص\\u0000 الخبر", "url": "https://x.com/1", '
        '"keywords": ["كلمة\\u0000", "\\u0000"]}\n')


def test_nul_is_cleaned_the_same_way_on_both_backends(store, tmp_path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(ROWS, encoding="utf-8")
    assert import_paths(store, [path]).inserted == 1
    [article] = store.latest(limit=5)
    assert (article.title, article.body) == ("عنوانمع", "نص الخبر")
    assert article.keywords == ["كلمة"] or "\x00" not in "".join(article.keywords)


def test_a_huge_body_is_capped_with_a_note(store, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KHABAR_MAX_ARTICLE_CHARS", "5000")
    paragraph = "فقرة طويلة من نص الخبر " * 20
    path = tmp_path / "huge.jsonl"
    body = "\\n".join([paragraph] * 2000)  # ~900,000 characters
    path.write_text(f'{{"title": "خبر طويل جدا", "text": "{body}", "url": "https://x.com/h"}}',
                    encoding="utf-8")
    assert import_paths(store, [path]).inserted == 1
    [article] = store.latest(limit=5)
    assert len(article.body) < 5200
    assert article.body.endswith("(5,000 حرف).]")
    assert article.body.split("\n")[0] == paragraph.strip()


def test_cap_text_cuts_at_a_paragraph_end() -> None:
    from khabar.ingest.scrub import cap_text

    assert cap_text("قصير", 10) == "قصير"
    assert cap_text("أ" * 30, 0) == "أ" * 30
    cut = cap_text("سطر أول\nسطر ثان طويل جدا جدا", 12)
    assert cut.startswith("سطر أول\n[اقتُطع")
