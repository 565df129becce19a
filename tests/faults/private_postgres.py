"""A private PostgreSQL cluster for fault tests that stop and start the database: ``initdb`` into
a temporary directory and ``pg_ctl`` on a free loopback port, so the machine's own server (that
other tests use) is never restarted.

PostgreSQL refuses to run as root: as root, the cluster runs as the ``postgres`` system user
(``runuser``); as anyone else, as that user. The binaries are found with ``pg_config --bindir``
or under /usr/lib/postgresql/*/bin; without them the test is skipped, saying why.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest


def _bindir() -> Path | None:
    candidates = []
    if pg_config := shutil.which("pg_config"):
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        candidates.append(found.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for directory in candidates:
        if directory and (Path(directory) / "initdb").is_file() and (Path(directory) / "pg_ctl").is_file():
            return Path(directory)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivatePostgres:
    """One cluster: ``start()``, ``stop()`` (fast shutdown: connections are cut, as in a
    restart), ``url``; ``close()`` stops it and removes its directory."""

    def __init__(self) -> None:
        bindir = _bindir()
        if bindir is None:
            pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found; install postgresql")
        self.bindir = bindir
        self.prefix: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and there is no postgres user to run a cluster as")
            if not shutil.which("runuser"):
                pytest.skip("running as root without runuser to run a cluster as postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self.root = Path(tempfile.mkdtemp(prefix="khabar-pg-"))
        if self.prefix:
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self.data = self.root / "data"
        self.port = _free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--no-sync", "--no-instructions")
        self.start()

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run([*self.prefix, str(self.bindir / tool), *args],
                              capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stderr[-2000:]}")

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"),
                  "-w", "-t", "60", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def close(self) -> None:
        try:
            self.stop()
        except RuntimeError:
            pass  # already stopped
        shutil.rmtree(self.root, ignore_errors=True)
