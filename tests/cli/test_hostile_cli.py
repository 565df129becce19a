"""Issue 20, items 3, 12 and 14 (CLI side): limits validated, files capped, progress logged."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from khabar.cli import app


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("KHABAR_DB", str(tmp_path / "cli.db"))
    return tmp_path


@pytest.mark.parametrize("args", [
    ["story", "99999999999999999999"], ["show", "99999999999999999999"], ["story", "0"],
    ["show", "-5"], ["trending", "--limit", "-1"], ["entities", "--limit", "-1"],
    ["trending", "--limit", "0"], ["entities", "--limit", "100000000"],
])
def test_bad_numbers_are_refused_with_a_message(env, args) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "Invalid value" in result.output or "No such option" in result.output


def test_opml_import_reads_no_further_than_its_cap(env) -> None:
    result = CliRunner().invoke(app, ["sources", "import-opml", "/dev/zero"])
    assert result.exit_code == 1
    assert "OPML file too large" in result.output


def test_an_import_without_a_terminal_logs_progress_lines(env, monkeypatch) -> None:
    monkeypatch.setattr("khabar.cli.progress.EVERY", 0.0)
    monkeypatch.setattr("khabar.pipeline.importer.BATCH_SIZE", 2)
    path = env / "a.jsonl"
    path.write_text("\n".join(json.dumps({"title": f"خبر {n}", "text": f"نص {n}"}) for n in range(5)),
                    encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(path)])
    assert result.exit_code == 0, result.output
    assert "importing a.jsonl: 2 articles, " in result.output
    assert "importing a.jsonl: 5 articles, " in result.output
