"""Issue 20, item 10: IPv6 spellings of private IPv4 addresses passed the private-network check."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from khabar.cli import app
from khabar.ingest.fetch._network import is_public_address

PRIVATE = ["64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "2002:7f00:1::", "::127.0.0.1",
           "::ffff:0:7f00:1", "::ffff:127.0.0.1", "64:ff9b:1::a00:1", "2002:a9fe:a9fe::1",
           "::ffff:0:a00:1", "::10.0.0.1", "64:ff9b::c0a8:101", "::1", "fe80::1%eth0",
           "fc00::1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1"]
PUBLIC = ["64:ff9b::808:808", "2002:808:808::1", "2606:4700::1111", "8.8.8.8", "1.1.1.1"]


@pytest.mark.parametrize("address", PRIVATE)
def test_embedded_private_addresses_are_refused(address) -> None:
    assert not is_public_address(address)


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address) -> None:
    assert is_public_address(address)


@pytest.mark.parametrize("host", ["[64:ff9b::a9fe:a9fe]", "[::127.0.0.1]", "[2002:7f00:1::]"])
def test_sources_add_refuses_them_before_connecting(tmp_path, monkeypatch, host) -> None:
    monkeypatch.setenv("KHABAR_DB", str(tmp_path / "k.db"))
    monkeypatch.setenv("KHABAR_RETRIES", "0")
    result = CliRunner().invoke(app, ["sources", "add", f"http://{host}/latest/meta-data/"])
    assert result.exit_code != 0
    assert "private" in result.output or "الشبكة" in result.output or "خاصة" in result.output
