"""The ``khabar`` command. Each module of this package adds one group of commands:

    khabar [--db PATH|URL] import PATH... [--source NAME] [--json]     articles.py
                           (PATH may be a `khabar export` file: restored or merged)
    khabar articles [--limit N] [--json]                               articles.py
    khabar show ID [--json]                                            articles.py
    khabar search QUERY [--limit N] [--sort relevance|newest] [--json] articles.py
    khabar reindex [--json]                                            articles.py
    khabar serve [--host H] [--port P] [--no-migrate]                  serve.py
    khabar run [--host H] [--port P] [--no-poll]                       serve.py
    khabar poll [--all] [--json]                                       poll.py
    khabar worker [--concurrency N] [--lease S] [--once] [--id NAME] [--json]  worker.py
    khabar sources add URL [--name N] [--category C] [--json]          sources.py
    khabar sources list [--json] | remove KEY [--delete-articles]      sources.py
    khabar sources import-opml FILE [--category C] | export-opml [-o]  sources.py
    khabar stories [--limit N] [--min-articles N] [--json]             stories.py
    khabar story ID [--json] | recluster [--json]                      stories.py
    khabar train-categories [--until DATE] [--json]                     tags.py
    khabar trending [--limit N] [--json]                               tags.py
    khabar entities [--type T] [--limit N] [--json]                    tags.py
    khabar migrate [--json]                                            database.py
    khabar copy DEST_URL [--batch N] [--json]                          database.py
    khabar export [-o FILE|-] [--json]                                 database.py

``--json`` prints one JSON document on stdout. ``--db`` also reads ``KHABAR_DB``, and may
also be written after the subcommand (``khabar serve --db PATH``).
"""

from __future__ import annotations

import logging
import sys

from khabar.cli import articles, serve  # noqa: F401 - importing registers the commands
from khabar.cli import poll, sources  # noqa: F401 - live ingestion commands
from khabar.cli import tags  # noqa: F401 - train-categories, trending, entities
from khabar.cli import stories  # noqa: F401 - stories, story, recluster
from khabar.cli import database  # noqa: F401 - migrate, copy, export
from khabar.cli import worker  # noqa: F401 - worker
from khabar.cli.app import app, hoist_global_options

__all__ = ["app", "main"]


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app(args=hoist_global_options(sys.argv[1:]), prog_name="khabar")
