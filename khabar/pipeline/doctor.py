"""``khabar doctor``: what is wrong with this installation, and what to do about each thing.

Each check gives a status — ``ok``, ``warning`` (worth knowing, not broken) or ``problem``
(broken, or about to be) — a detail, and for anything not ok the remedy in English and in
Arabic. The checks, in order:

1. configuration: every ``KHABAR_*`` value parses; risky combinations are warned about;
2. database: it answers, and its schema is this version's (else: ``khabar migrate``);
3. index: one search-index row per article, built by the analyzer in use (else: ``reindex``);
4. disk: free space where the database and khabar's directories live;
5. clock: this machine's clock against the newest article fetched (and PostgreSQL's clock);
6. sources: followed sources failing for more than a day.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from khabar.errors import KhabarError, StoreError
from khabar.settings import Settings, load_settings
from khabar.store import Store, health, open_store

Status = Literal["ok", "warning", "problem"]
DiskUsage = Callable[[str], Any]  # shutil.disk_usage's shape: .total, .used, .free

#: less free space than this is a problem (an import or a re-index needs room to write)
MIN_FREE_BYTES = 1024**3
#: … or less than this share of the disk
MIN_FREE_SHARE = 0.05
#: an article fetched further in the future than this means a clock is wrong
CLOCK_TOLERANCE = timedelta(minutes=5)
#: this machine and the PostgreSQL server may differ by this much
DB_CLOCK_TOLERANCE = timedelta(seconds=60)


@dataclass
class Check:
    name: str
    status: Status
    detail: str
    fix: str = ""
    fix_ar: str = ""
    data: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Diagnosis:
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return all(c.status != "problem" for c in self.checks)

    def to_json(self) -> dict:
        return {"ok": self.ok, "checks": [c.to_json() for c in self.checks]}


def diagnose(
    db: str,
    *,
    environ: Mapping[str, str] | None = None,
    now: datetime | None = None,
    disk_usage: DiskUsage = shutil.disk_usage,
) -> Diagnosis:
    """Run every check against the database ``db`` (a path or URL) and the settings of
    ``environ`` (the process's environment)."""
    now = now or datetime.now(UTC)
    checks: list[Check] = []
    settings, config = _configuration(environ)
    checks.append(config)
    store: Store | None = None
    try:
        if _sqlite_path(db) is not None and not _sqlite_path(db).is_file():  # type: ignore[union-attr]
            raise StoreError(f"no SQLite database at {_sqlite_path(db)}")
        store = open_store(db, migrate=False)
    except KhabarError as exc:
        checks.append(Check("database", "problem", str(exc),
                            "check --db / KHABAR_DB: the path or URL, the server, the password",
                            "تحقق من ‎--db‎ أو ‎KHABAR_DB‎: المسار أو العنوان والخادم وكلمة المرور."))
    try:
        if store is not None:
            checks.append(_database(store))
            if checks[-1].status == "ok":
                checks.append(_index(store))
                checks.append(_clock(store, now))
                checks.append(_sources(store, now))
        checks.append(_disk(db, settings, disk_usage))
    finally:
        if store is not None:
            store.close()
    return Diagnosis(checks)


def _configuration(environ: Mapping[str, str] | None) -> tuple[Settings, Check]:
    try:
        settings = load_settings(environ)
    except ValueError as exc:
        return load_settings({}), Check(
            "configuration", "problem", str(exc),
            "correct the variable named above (docs/settings.md lists each one)",
            "صحّح المتغير المذكور أعلاه (كل الإعدادات موصوفة في docs/settings.md).")
    warnings = []
    if settings.allow_private_networks:
        warnings.append("KHABAR_ALLOW_PRIVATE_NETWORKS is on: whoever adds a source can reach "
                        "your internal network")
    if settings.admin_password and not settings.secret_key:
        warnings.append("KHABAR_ADMIN_PASSWORD is set without KHABAR_SECRET_KEY: admins are "
                        "logged out at each restart and between web processes")
    if str(settings.log_format).lower() not in ("human", "json"):
        return settings, Check("configuration", "problem",
                               f"KHABAR_LOG_FORMAT is {settings.log_format!r}",
                               "set KHABAR_LOG_FORMAT to human or json",
                               "اضبط ‎KHABAR_LOG_FORMAT‎ على human أو json.")
    if warnings:
        return settings, Check("configuration", "warning", "; ".join(warnings),
                               "turn the setting off, or set KHABAR_SECRET_KEY (docs/settings.md)",
                               "أوقف هذا الإعداد أو اضبط ‎KHABAR_SECRET_KEY‎ (انظر docs/settings.md).")
    return settings, Check("configuration", "ok", "every KHABAR_* setting is valid")


def _database(store: Store) -> Check:
    ready = health.readiness(store)
    data = {"backend": store.engine.dialect.name}  # type: ignore[attr-defined]
    if not ready.database:
        return Check("database", "problem", f"the database does not answer: {ready.error}",
                     "start the database server, or check --db / KHABAR_DB and the network",
                     "شغّل خادم قاعدة البيانات، أو تحقق من ‎--db‎ أو ‎KHABAR_DB‎ ومن الشبكة.", data)
    if ready.schema == "newer":
        return Check("database", "problem", "the schema is newer than this version of khabar",
                     "upgrade khabar on this machine", "حدّث خبر على هذا الجهاز.", data)
    if ready.schema != "current":
        return Check("database", "problem", f"the schema is {ready.schema} (not this version's)",
                     "run `khabar migrate` once (then restart the services)",
                     "شغّل ‎khabar migrate‎ مرة واحدة ثم أعد تشغيل الخدمات.", data)
    return Check("database", "ok", "answers; schema current", data=data)


def _index(store: Store) -> Check:
    counts = health.index_counts(store)
    data = dict(counts.to_json(), backend=store.engine.dialect.name)  # type: ignore[attr-defined]
    if counts.consistent:
        return Check("index", "ok", f"{counts.indexed} of {counts.articles} articles indexed",
                     data=data)
    why = ("built by an older analyzer" if not counts.analyzer_current else
           f"{counts.indexed} index rows for {counts.articles} articles")
    return Check("index", "problem", f"the search index is not whole: {why}",
                 "run `khabar reindex`", "شغّل ‎khabar reindex‎ لإعادة بناء فهرس البحث.", data)


def _clock(store: Store, now: datetime) -> Check:
    newest = health.newest_fetch_time(store)
    data: dict[str, Any] = {"now": now.isoformat(),
                            "newest_fetched_at": newest.isoformat() if newest else None}
    if newest is not None and newest - now > CLOCK_TOLERANCE:
        ahead = newest - now
        return Check("clock", "problem",
                     f"the newest article was fetched {_duration(ahead)} in this machine's "
                     "future: this clock is behind, or a poller's is ahead",
                     "synchronize the clocks of every khabar machine (systemd-timesyncd, chrony)",
                     "زامن ساعات كل أجهزة خبر (systemd-timesyncd أو chrony).", data)
    server = health.database_clock(store)
    if server is not None:
        data["database_now"] = server.isoformat()
        if abs(server - now) > DB_CLOCK_TOLERANCE:
            return Check("clock", "problem",
                         f"PostgreSQL's clock differs from this machine's by "
                         f"{_duration(abs(server - now))}",
                         "synchronize this machine's and the database server's clocks",
                         "زامن ساعة هذا الجهاز وساعة خادم قاعدة البيانات.", data)
    return Check("clock", "ok", "no article from the future", data=data)


def _sources(store: Store, now: datetime) -> Check:
    failing = health.long_failing_sources(store, now)
    if not failing:
        return Check("sources", "ok", "no source has failed for more than a day")
    names = ", ".join(f"{s['name']} (#{s['id']})" for s in failing[:10])
    more = f" and {len(failing) - 10} more" if len(failing) > 10 else ""
    return Check("sources", "problem",
                 f"{len(failing)} sources failing for more than a day: {names}{more}",
                 "open /sources (or `khabar sources list`) for each error; fix the address "
                 "with /admin, or pause or remove the source",
                 "افتح ‎/sources‎ (أو ‎khabar sources list‎) لمعرفة كل خطأ، ثم صحّح العنوان من "
                 "لوحة الإدارة أو أوقف المصدر أو احذفه.",
                 {"sources": failing})


def _disk(db: str, settings: Settings, disk_usage: DiskUsage) -> Check:
    places = {}
    sqlite_file = _sqlite_path(db)
    if sqlite_file is not None:
        places["database"] = sqlite_file.resolve().parent
    for field_ in dataclasses.fields(settings):  # metrics_dir, and any cache directory
        value = getattr(settings, field_.name)
        if field_.name.endswith("_dir") and value:
            places[field_.name] = Path(str(value))
    data: dict[str, Any] = {}
    short = []
    for what, path in places.items():
        existing = next((p for p in (path, *path.parents) if p.exists()), Path("/"))
        usage = disk_usage(str(existing))
        share = usage.free / usage.total if usage.total else 1.0
        data[what] = {"path": str(path), "free_bytes": usage.free, "total_bytes": usage.total}
        if usage.free < MIN_FREE_BYTES or share < MIN_FREE_SHARE:
            short.append(f"{what} ({path}): {usage.free / 1024**3:.1f} GiB free, "
                         f"{share:.0%} of the disk")
    if short:
        return Check("disk", "problem", "low disk space: " + "; ".join(short),
                     "free space or move the database (khabar copy) to a larger disk",
                     "وفّر مساحة على القرص أو انقل قاعدة البيانات (khabar copy) إلى قرص أكبر.",
                     data)
    if not places:
        return Check("disk", "ok", "the database is on a server (PostgreSQL): check its disk "
                     "there", data=data)
    return Check("disk", "ok", "enough free space", data=data)


def _sqlite_path(db: str) -> Path | None:
    """The file of an SQLite database, None for a server's URL."""
    text = str(db)
    if "://" in text and not text.startswith("sqlite:"):
        return None
    return Path(text.removeprefix("sqlite:///"))


def _duration(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} h"
    if seconds >= 60:
        return f"{seconds // 60} min"
    return f"{seconds} s"

