"""Every command and option of the CLI is documented in docs/cli.md."""

from __future__ import annotations

from pathlib import Path

import typer.main

from khabar.cli import app

DOC = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_documented():
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert f"`khabar {name}" in DOC, f"docs/cli.md lacks the command {name}"
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in DOC, f"docs/cli.md lacks {opt} of {name}"
    for param in group.params:
        for opt in param.opts:
            if opt.startswith("--") and opt != "--help":
                assert opt in DOC
