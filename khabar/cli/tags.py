"""Commands over tags: train the category model, list trending tags and entities."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Annotated, Optional

import typer

from khabar.cli.app import JsonFlag, app, err, fail, open_ctx_store, print_json
from khabar.enrich.categories import MODEL_NAME, accuracy, train
from khabar.store.records import ENTITY_TYPES


def _date(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=timezone.utc)
    except ValueError:
        fail(f"{option}: not a date (YYYY-MM-DD): {value!r}")


@app.command("train-categories")
def train_categories(
    ctx: typer.Context,
    until: Annotated[Optional[str], typer.Option(
        help="Train on articles published before this date (YYYY-MM-DD); the rest tests.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Retrain the category classifier on the archive's categorized articles."""
    split = _date(until, "--until")
    started = time.perf_counter()
    with open_ctx_store(ctx) as store:
        model = train(store.categorized_examples(until=split))
        if not model.classes:
            fail("no categorized articles to train on")
        store.save_model(MODEL_NAME, model.to_json())
        report = {"classes": model.classes, "terms": len(model.vocabulary),
                  "seconds": round(time.perf_counter() - started, 1)}
        if split is not None:
            share, n = accuracy(model, store.categorized_examples(since=split))
            report.update(test_articles=n, accuracy=round(share, 4) if n else None)
    if as_json:
        print_json(report)
    else:
        err.print(f"trained on {len(model.classes)} categories, {report['terms']} terms"
                  + (f"; accuracy {report['accuracy']} on {report['test_articles']} later articles"
                     if report.get("test_articles") else ""))


@app.command("trending")
def trending(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many tags.")] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Tags rising in the last 24 hours of the archive against the week before."""
    with open_ctx_store(ctx) as store:
        now = min(datetime.now(timezone.utc), store.newest_time() or datetime.now(timezone.utc))
        rows = store.trending_keywords(now, limit=limit)
    if as_json:
        print_json([{"tag": t, "articles": n, "rise": r} for t, n, r in rows])
        return
    for tag, n, rise in rows:
        typer.echo(f"{tag}\t{n}\t×{rise}")


@app.command("entities")
def entities_command(
    ctx: typer.Context,
    kind: Annotated[Optional[str], typer.Option(
        "--type", help="person, place or organization.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many entities.")] = 30,
    as_json: JsonFlag = False,
) -> None:
    """The entities named by the most articles."""
    if kind is not None and kind not in ENTITY_TYPES:
        fail(f"--type must be one of {', '.join(ENTITY_TYPES)}")
    with open_ctx_store(ctx) as store:
        rows = store.entity_counts(limit=limit, kind=kind)
    if as_json:
        print_json([{"name": n, "type": t, "articles": c} for n, t, c in rows])
        return
    for name, type_, count in rows:
        typer.echo(f"{name}\t{type_}\t{count}")
