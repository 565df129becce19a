"""Unread counts with a reader's word rule, and the Google Reader API's id and content calls,
on the ANT corpus.

    nice -n 10 .venv/bin/python bench/greader_unread.py [--db PATH] [--repeat 5]

The ANT corpus is imported once into ``--db`` (reused when it exists). A reader follows every
outlet and has one word block rule (``--rule``, «ترامب» by default: a name common in the
corpus). Measured side by side, each the median of ``--repeat`` runs:

- baseline: the count before khabar.web.visible — one SQL count, muted outlets only (it
  counted articles the word rule hides);
- the count as the reader sees it (``count_visible``), cold (no decision remembered: the
  first page after a rule change) and warm (every later page);
- the Google Reader API through the app (TestClient, no network): ``unread-count``,
  ``stream/items/ids`` of 1,000 unread ids, ``stream/items/contents`` of 100 items, with the
  rule and without it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi.testclient import TestClient  # noqa: E402

from khabar.pipeline import import_paths  # noqa: E402
from khabar.settings import load_settings  # noqa: E402
from khabar.store import open_store  # noqa: E402
from khabar.store.app_passwords import create_app_password  # noqa: E402
from khabar.store.filters import ArticleFilter  # noqa: E402
from khabar.store.rules import RuleSet, check_rule  # noqa: E402
from khabar.web import visible  # noqa: E402
from khabar.web.app import create_app  # noqa: E402
from khabar.web.personal import unread_since  # noqa: E402

ANT = Path("/work/shared/data/ant-multisource/articles_2018-03_to_2018-05.jsonl.gz")
API = "/api/greader/reader/api/0"


def median_ms(run, repeat: int, before=None) -> float:
    times = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/khabar-bench-greader.db")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rule", default="ترامب")
    args = parser.parse_args()
    fresh = not Path(args.db).exists()
    store = open_store(args.db)
    if fresh:
        import_paths(store, [ANT])
    user = store.user_by_name("bench") or store.create_user("bench", "x")
    for source in store.sources():
        store.follow(user.id, "source", str(source.id))
    for rule in store.rules(user.id):
        store.remove_rule(user.id, rule.id)
    store.add_rule(user.id, *check_rule("block", "words", "any", args.rule))
    rules = RuleSet(store.rules(user.id))
    follows = tuple(("source", f.key) for f in store.follows(user.id))
    filters = ArticleFilter(follows=follows, unread_by=user.id, since=unread_since(store))
    clear = visible._decisions.clear

    sql = median_ms(lambda: store.count_articles(rules.narrow(filters)), args.repeat)
    cold = median_ms(lambda: visible.count_visible(store, user.id, rules, filters),
                     args.repeat, before=clear)
    warm = median_ms(lambda: visible.count_visible(store, user.id, rules, filters),
                     args.repeat)
    total = store.count_articles(rules.narrow(filters))
    seen = visible.count_visible(store, user.id, rules, filters)
    print(f"articles {store.count_articles()}, unread in the window {total}, "
          f"seen with the rule {seen}")
    print(f"{'count':44} {'ms':>9} {'x baseline':>11}")
    for name, ms in (("baseline: SQL count (rule ignored)", sql),
                     ("count_visible, cold", cold), ("count_visible, warm", warm)):
        print(f"{name:44} {ms:9.1f} {ms / sql:11.1f}")

    _, password = create_app_password(store, user.id, "bench")
    client = TestClient(create_app(store, settings=load_settings(secret_key="bench")))
    auth = client.post("/api/greader/accounts/ClientLogin",
                       data={"Email": "bench", "Passwd": password}).text.split("Auth=")[1].strip()
    headers = {"Authorization": f"GoogleLogin auth={auth}"}
    token = client.get(f"{API}/token", headers=headers).text.strip()
    ids_params = {"s": "user/-/state/com.google/reading-list",
                  "xt": "user/-/state/com.google/read", "n": 1000}
    first = client.get(f"{API}/stream/items/ids", headers=headers, params=ids_params).json()
    hundred = [r["id"] for r in first["itemRefs"][:100]]
    calls = {
        "unread-count": lambda: client.get(f"{API}/unread-count", headers=headers),
        "stream/items/ids (1,000 unread)": lambda: client.get(
            f"{API}/stream/items/ids", headers=headers, params=ids_params),
        "stream/items/contents (100 items)": lambda: client.post(
            f"{API}/stream/items/contents", headers=headers, data={"i": hundred, "T": token}),
    }
    with_rule = {name: median_ms(call, args.repeat) for name, call in calls.items()}
    for rule in store.rules(user.id):
        store.remove_rule(user.id, rule.id)
    without = {name: median_ms(call, args.repeat) for name, call in calls.items()}
    print(f"\n{'Google Reader API call':44} {'no rule ms':>11} {'rule, warm ms':>14}")
    for name in calls:
        print(f"{name:44} {without[name]:11.1f} {with_rule[name]:14.1f}")
    store.close()


if __name__ == "__main__":
    main()
