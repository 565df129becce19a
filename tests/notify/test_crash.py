"""``kill -9`` of a sender between the match and the delivery: after a restart the alert is
delivered exactly once (both backends)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta

from khabar.notify import send_due
from khabar.store.rows import now_utc
from tests.conftest import REPO
from tests.notify.conftest import SETTINGS, store_and_match, toronto

#: a sender that claims the due alerts and hangs before sending them
DOOMED = """
import sys, time
from khabar.notify.sender import send_due
from khabar.settings import load_settings
from khabar.store import open_store

def hang(*args, **kwargs):
    print("claimed", flush=True)
    time.sleep(600)

store = open_store(sys.argv[1], migrate=False)
send_due(store, load_settings(alerts_lease_seconds=1.0), worker="doomed", send=hang)
"""


def test_a_sender_killed_after_claiming_delivers_once_after_restart(location, store, hook):
    now = now_utc()
    search = store.create_saved_search(1, "تورونتو", "تورونتو")
    store.add_channel(1, "hook", f"json://127.0.0.1:{hook.port}/hook")
    store_and_match(store, [toronto("الجزيرة", 1, now), toronto("العربية", 2, now)], now)
    doomed = subprocess.Popen([sys.executable, "-c", DOOMED, location], cwd=REPO,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert doomed.stdout is not None and doomed.stdout.readline().strip() == "claimed"
        [row] = store.deliveries_of(search.id)
        assert row["lease_owner"] == "doomed" and row["state"] == "pending"
        os.kill(doomed.pid, signal.SIGKILL)
    finally:
        doomed.wait(10)
    assert doomed.returncode == -signal.SIGKILL
    # While the dead sender's lease holds, nobody sends; after it expires, one sender does.
    assert send_due(store, SETTINGS, worker="heir", now=now).deliveries == 0
    later = now_utc() + timedelta(seconds=2)  # past the dead sender's lease (1 s)
    assert send_due(store, SETTINGS, worker="heir", now=later).messages == 1
    assert send_due(store, SETTINGS, worker="heir", now=later + timedelta(hours=1)).messages == 0
    assert len(hook.json_bodies()) == 1
    assert [r["state"] for r in store.deliveries_of(search.id)] == ["sent"]


def test_two_senders_at_once_send_each_alert_once(location, store, hook):
    from concurrent.futures import ThreadPoolExecutor

    from khabar.store import open_store

    now = now_utc()
    for n in range(6):
        store.create_saved_search(1, f"بحث {n}", "تورونتو")
    store.add_channel(1, "hook", f"json://127.0.0.1:{hook.port}/hook")
    store_and_match(store, [toronto("الجزيرة", 1, now)], now)
    with open_store(location) as a, open_store(location) as b, ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda s: send_due(s[0], SETTINGS, worker=s[1], now=now),
                                [(a, "a"), (b, "b")]))
    assert sum(r.messages for r in reports) == 6
    assert len(hook.json_bodies()) == 6
