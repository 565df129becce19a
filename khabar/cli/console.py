"""Where the command writes what is not its result."""

from __future__ import annotations

from rich.console import Console

#: messages and progress go to stderr; stdout is kept for results (and --json documents)
err = Console(stderr=True)
