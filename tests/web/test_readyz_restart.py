"""/readyz answers 503 while PostgreSQL is stopped and 200 again once it is back, without
restarting khabar. The test runs a throwaway PostgreSQL cluster of its own (initdb + pg_ctl in
a temporary directory, on a free port), never the shared server."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from khabar.settings import load_settings
from khabar.store import open_store
from khabar.web.app import create_app


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster in a temporary directory (run as ``postgres`` when we are root:
    PostgreSQL refuses to run as root)."""

    def __init__(self) -> None:
        self.initdb, self.pg_ctl = _bin("initdb"), _bin("pg_ctl")
        if not (self.initdb and self.pg_ctl):
            pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not installed")
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres and not shutil.which("runuser"):
            pytest.skip("running as root without runuser")
        self.dir = Path(tempfile.mkdtemp(prefix="khabar-pg-"))
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.port = _free_port()
        self._run(self.initdb, "-D", str(self.data), "-A", "trust", "-U", "postgres",
                  "-E", "UTF8", "--locale=C", "--no-sync")

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self.as_postgres, *args], capture_output=True, text=True,
                              timeout=120, check=False)
        if done.returncode != 0:
            pytest.skip(f"cannot run a throwaway PostgreSQL: {done.stderr.strip()[-300:]}")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(self.pg_ctl, "-D", str(self.data), "-o", options, "-l",
                  str(self.dir / "log"), "-w", "-t", "60", "start")

    def stop(self) -> None:
        subprocess.run([*self.as_postgres, self.pg_ctl, "-D", str(self.data), "-m", "fast",
                        "-w", "stop"], capture_output=True, timeout=120, check=False)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def cluster():
    c = Cluster()
    try:
        c.start()
        yield c
    finally:
        c.remove()


def _wait_for(client: TestClient, status: int, seconds: float = 30.0) -> int:
    deadline = time.monotonic() + seconds
    while True:
        got = client.get("/readyz").status_code
        if got == status or time.monotonic() > deadline:
            return got
        time.sleep(0.5)


def test_readyz_follows_postgresql_down_and_back_up(cluster):
    store = open_store(cluster.url())
    try:
        client = TestClient(create_app(store, settings=load_settings({})))
        assert client.get("/readyz").status_code == 200
        assert client.get("/").status_code == 200
        cluster.stop()
        down = client.get("/readyz")
        assert down.status_code == 503 and down.json()["checks"]["database"] == "unavailable"
        assert down.headers["retry-after"]
        assert client.get("/healthz").status_code == 200  # the process itself is fine
        cluster.start()
        assert _wait_for(client, 200) == 200
        assert client.get("/").status_code == 200
    finally:
        store.close()
