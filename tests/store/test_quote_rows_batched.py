"""A batch's quote rows are written in one statement after its articles, in the order one
statement per article wrote them (the same ids), on both backends."""

from __future__ import annotations

from sqlalchemy import event, select

from khabar.store.records import Quote
from khabar.store.schema import quotes
from tests.conftest import record

BODY = "وقال الوزير إن المحادثات مستمرة."


def _said(n: int) -> Quote:
    return Quote(f"متحدث {n}", "person", "قال", "المحادثات مستمرة", 15, 31)


def _with_quotes(url: str, *found: Quote, body: str = BODY) -> object:
    return record(url=url, canonical_url=url, content_hash=url + body, body=body,
                  quotes=list(found))


def _quote_inserts(store, run) -> int:  # noqa: ANN001
    seen: list[str] = []

    def count(conn, cursor, statement, *_):  # noqa: ANN001, ANN002
        if statement.lstrip().upper().startswith("INSERT INTO QUOTES"):
            seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        run()
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    return len(seen)


def _rows(store) -> list[tuple]:  # noqa: ANN001
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(quotes.c.id, quotes.c.article_id, quotes.c.position, quotes.c.speaker)
            .order_by(quotes.c.id))]


def test_one_statement_writes_the_quotes_of_a_whole_batch(store):
    batch = [_with_quotes(f"https://e.com/{i}", _said(i), _said(i + 100)) for i in range(5)]
    batch.insert(2, _with_quotes("https://e.com/none"))
    results = []
    assert _quote_inserts(store, lambda: results.extend(store.add_articles(batch))) == 1
    ids = [r.article_id for r in results if r.article_id != results[2].article_id]
    rows = _rows(store)
    assert [(a, p, s) for _, a, p, s in rows] == [
        (a, p, f"متحدث {i + 100 * p}") for i, a in enumerate(ids) for p in range(2)]
    assert [i for i, *_ in rows] == sorted(i for i, *_ in rows)


def test_a_replaced_text_in_the_batch_keeps_the_quote_rows_in_order(store):
    (first,) = store.add_articles([_with_quotes("https://e.com/old", _said(1))])
    changed = _with_quotes("https://e.com/old", _said(2), body="أكد الوزير أن الاتفاق قريب.")
    new = _with_quotes("https://e.com/new", _said(3))
    later = _with_quotes("https://e.com/later", _said(4))
    results = store.add_articles([new, changed, later], replace=True)
    assert [r.status for r in results] == ["inserted", "updated", "inserted"]
    rows = _rows(store)
    # written as one statement per article wrote them: the new article's, the replaced
    # article's new text's, the later article's
    assert [(a, s) for _, a, _, s in rows] == [
        (results[0].article_id, "متحدث 3"), (first.article_id, "متحدث 2"),
        (results[2].article_id, "متحدث 4")]
