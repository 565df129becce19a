"""khabar alerts …: save, list, edit, pause, channels; an import matches new articles and
`alerts send` delivers them to a real webhook on loopback."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from typer.testing import CliRunner

from khabar.cli import app
from khabar.store import open_store
from tests.notify.receivers import HookServer

runner = CliRunner()


def khabar(db: str, *args: str):
    # the webhook listens on 127.0.0.1, a private address khabar refuses by default
    return runner.invoke(app, ["--db", db, *args], env={"KHABAR_ALLOW_PRIVATE_NETWORKS": "1"})


def test_alerts_from_the_command_line_to_a_webhook(tmp_path):
    db = str(tmp_path / "k.db")
    with open_store(db) as store:
        store.create_user("sara", "unused-hash")
    hook = HookServer()
    try:
        added = khabar(db, "alerts", "add", "غزة OR القدس", "--user", "sara", "--name", "فلسطين",
                       "--quiet", "", "--json")
        assert added.exit_code == 0, added.output
        search = json.loads(added.stdout)
        assert search["name"] == "فلسطين" and search["mode"] == "instant"
        refused = khabar(db, "alerts", "add", "في", "--user", "sara")
        assert refused.exit_code == 1 and "الكلمات الشائعة" in refused.output
        assert khabar(db, "alerts", "add", "غزة", "--user", "nobody").exit_code == 1
        channel = khabar(db, "alerts", "channel-add", f"json://127.0.0.1:{hook.port}/hook",
                         "--user", "sara", "--name", "hook", "--json")
        assert channel.exit_code == 0, channel.output
        assert khabar(db, "alerts", "channel-add", "nonsense", "--user", "sara").exit_code == 1
        now = datetime.now(timezone.utc).isoformat()
        path = tmp_path / "news.jsonl"
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
            {"title": "قصف على غزة", "body": "قالت مصادر إن قصفاً استهدف شمال قطاع غزة.",
             "url": "https://a.example/1", "source": "الجزيرة", "published_at": now},
            {"title": "أسعار النفط", "body": "ارتفعت أسعار النفط.", "url": "https://a.example/2",
             "source": "العربية", "published_at": now},
        ]), encoding="utf-8")
        assert khabar(db, "import", str(path)).exit_code == 0
        shown = json.loads(khabar(db, "alerts", "show", str(search["id"]), "--json").stdout)
        assert [m["title"] for m in shown["recent_matches"]] == ["قصف على غزة"]
        assert shown["deliveries"] == {"pending": 1}
        sent = json.loads(khabar(db, "alerts", "send", "--json").stdout)
        assert sent["messages"] == 1
        [alert] = hook.json_bodies()
        assert "قصف على غزة" in alert["title"] and "الجزيرة" in alert["message"]
        assert json.loads(khabar(db, "alerts", "send", "--json").stdout)["messages"] == 0
        edited = khabar(db, "alerts", "edit", str(search["id"]), "--mode", "daily",
                        "--timezone", "Asia/Riyadh", "--quiet", "23:00-06:00", "--json")
        assert json.loads(edited.stdout)["quiet_start"] == "23:00"
        assert khabar(db, "alerts", "edit", str(search["id"]), "--query", "-غزة").exit_code == 1
        assert khabar(db, "alerts", "pause", str(search["id"])).exit_code == 0
        listed = khabar(db, "alerts", "list", "--user", "sara").stdout
        assert "paused" in listed and "فلسطين" in listed
        assert "ok" in khabar(db, "alerts", "channels", "--user", "sara").stdout
        assert khabar(db, "alerts", "channel-test", "1").exit_code == 0
        assert khabar(db, "alerts", "remove", str(search["id"])).exit_code == 0
        assert khabar(db, "alerts", "channel-remove", "1").exit_code == 0
        assert json.loads(khabar(db, "alerts", "list", "--json").stdout)["items"] == []
    finally:
        hook.close()
