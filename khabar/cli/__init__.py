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
    khabar quotes [--speaker NAME] [--limit N] [--json]                quotes.py
    khabar requote [--json]                                            quotes.py
    khabar migrate [--json]                                            database.py
    khabar copy DEST_URL [--batch N] [--json]                          database.py
    khabar export [-o FILE|-] [--json]                                 database.py
    khabar users add NAME [--role R] [--password-stdin] | list | remove NAME | passwd NAME  users.py
    khabar users app-password add NAME [--label L] | list NAME | revoke NAME ID   app_passwords.py
    khabar alerts add|list|show|edit|pause|resume|remove|channel-add|channels|channel-test|
                  channel-remove|send                                   alerts.py
    khabar backup DEST [--keep N] [--format native|export] [--json]     ops.py
    khabar doctor [--json]                                             ops.py

``--json`` prints one JSON document on stdout. ``--db`` also reads ``KHABAR_DB``, and may
also be written after the subcommand (``khabar serve --db PATH``).
"""

from __future__ import annotations

import sys

from khabar.cli import articles, serve  # noqa: F401 - importing registers the commands
from khabar.cli import poll, sources  # noqa: F401 - live ingestion commands
from khabar.cli import tags  # noqa: F401 - train-categories, trending, entities
from khabar.cli import stories  # noqa: F401 - stories, story, recluster
from khabar.cli import database  # noqa: F401 - migrate, copy, export
from khabar.cli import worker  # noqa: F401 - worker
from khabar.cli import users  # noqa: F401 - users add, list, remove, passwd
from khabar.cli import app_passwords  # noqa: F401 - users app-password add, list, revoke
from khabar.cli import alerts  # noqa: F401 - alerts …
from khabar.cli import ops  # noqa: F401 - backup, doctor
from khabar.cli import quotes  # noqa: F401 - quotes, requote
from khabar.cli.app import GLOBAL_OPTIONS, app, hoist_global_options
from khabar.logs import configure_logging
from khabar.settings import load_settings

__all__ = ["app", "main"]


#: commands that run until stopped: they log from ``info`` up unless KHABAR_LOG_LEVEL says
#: otherwise; one-shot commands from ``warning`` (their results are their output)
SERVICES = frozenset({"serve", "run", "worker"})


def main() -> None:
    args = hoist_global_options(sys.argv[1:])
    try:
        configure_logging(load_settings(),
                          default_level="info" if _command(args) in SERVICES else "warning")
    except ValueError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise SystemExit(2) from None
    app(args=args, prog_name="khabar")


def _command(args: list[str]) -> str:
    """The subcommand named by (hoisted) arguments: the first word after the global options."""
    i = 0
    while i < len(args):
        if args[i] in GLOBAL_OPTIONS:
            i += 2
        elif args[i].startswith("-"):
            i += 1
        else:
            return args[i]
    return ""
