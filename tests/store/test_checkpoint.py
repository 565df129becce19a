"""After an import the SQLite write-ahead log is folded into the database and emptied
(``Store.checkpoint``): a large import used to leave a WAL as large as it grew."""

from __future__ import annotations

import json
from pathlib import Path

from khabar.pipeline import import_paths
from khabar.store import open_store


def _wal(db: Path) -> int:
    wal = Path(str(db) + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def test_an_import_leaves_an_empty_write_ahead_log(tmp_path):
    lines = [json.dumps({"url": f"https://example.com/{i}", "title": f"خبر رقم {i} عن الاقتصاد",
                         "body": f"قال وزير المالية إن الميزانية {i} ستقر قريبا. " * 20,
                         "published_at": "2026-01-02T10:00:00Z", "source": "مصدر"},
                        ensure_ascii=False) for i in range(60)]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "k.db"
    with open_store(db) as store:
        store.checkpoint()  # nothing written yet: harmless
        report = import_paths(store, [path])
        assert report.inserted == 60
        assert _wal(db) == 0
        assert store.count_articles() == 60  # the checkpoint kept every write


def test_checkpoint_of_a_store_in_memory_does_nothing():
    with open_store(":memory:") as store:
        store.checkpoint()
