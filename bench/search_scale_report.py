"""Search at scale, the report: percentiles, the merged results file and the tables with
the ratio lines against tantivy. Part of ``bench/search_scale.py``.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_scale_data import KINDS  # noqa: E402

REFERENCE = "tantivy"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]
    return {"p50": pct(0.50), "p95": pct(0.95), "max": ordered[-1], "mean": statistics.mean(values)}


def timings(rows: list[dict], key: str) -> dict:
    out = {"all": percentiles([r[key] for r in rows])}
    kinds = defaultdict(list)
    for r in rows:
        kinds[r["kind"]].append(r[key])
    out["kinds"] = {k: percentiles(v) for k, v in kinds.items()}
    return out


def merge(results_path: Path, result: dict) -> dict:
    allres = json.loads(results_path.read_text()) if results_path.exists() else {}
    previous = allres.get(result["backend"], {})
    if "import" not in result and "import" in previous:  # --skip-import keeps the import
        result["import"] = previous["import"]
    allres[result["backend"]] = result
    results_path.write_text(json.dumps(allres, ensure_ascii=False, indent=1))
    return allres


def report(allres: dict) -> None:
    ref = allres.get(REFERENCE)
    print()
    print(f"{'backend':<11} {'articles':>9} {'import/s':>9} {'size MB':>8} {'KB/art':>7} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'full p50':>8} {'full p95':>8} "
          f"{'RSS MB':>7} {'p95 x ref':>9} {'import x ref':>12}")
    for name in ("sqlite", "postgresql", "pgtantivy", "tantivy"):
        r = allres.get(name)
        if not r:
            continue
        s = r["store_search"]["all"]
        f = r.get("full_search", {}).get("all", {})
        rate = r.get("import", {}).get("rate", float("nan"))
        size = r["size"]["total_mb"]
        p95x = s["p95"] / ref["store_search"]["all"]["p95"] if ref else float("nan")
        impx = rate / ref["import"]["rate"] if ref and "import" in ref else float("nan")
        print(f"{name:<11} {r['stored']:>9,} {rate:>9,.0f} {size:>8,.0f} "
              f"{size * 1000 / max(1, r['stored']):>7.2f} {s['p50']:>7.1f} {s['p95']:>7.1f} "
              f"{s['max']:>7.0f} {f.get('p50', float('nan')):>8.1f} {f.get('p95', float('nan')):>8.1f} "
              f"{r['peak_rss_mb']:>7,.0f} {p95x:>9.2f} {impx:>12.2f}")
    print("\nstore.search p50 / p95 ms by query kind (n):")
    kinds = [k for k, _ in KINDS]
    print(f"{'backend':<11} " + " ".join(f"{k:>17}" for k in kinds))
    for name in ("sqlite", "postgresql", "pgtantivy", "tantivy"):
        r = allres.get(name)
        if not r:
            continue
        cells = []
        for k in kinds:
            t = r["store_search"]["kinds"].get(k)
            n = sum(1 for q in r["queries"] if q["kind"] == k)
            cells.append(f"{t['p50']:6.1f} / {t['p95']:6.1f} ({n})" if t else "-")
        print(f"{name:<11} " + " ".join(f"{c:>17}" for c in cells))
    if ref:
        goals = {"sqlite": 3.0, "postgresql": 10.0, "pgtantivy": 10.0}
        print("\nratios against tantivy (store.search p95 / tantivy p95; goal in brackets):")
        for name, goal in goals.items():
            r = allres.get(name)
            if not r:
                continue
            cells = []
            for k in ["all"] + kinds:
                mine = r["store_search"]["all"] if k == "all" else r["store_search"]["kinds"].get(k)
                theirs = ref["store_search"]["all"] if k == "all" else ref["store_search"]["kinds"].get(k)
                if mine and theirs:
                    cells.append(f"{k} {mine['p95'] / theirs['p95']:.1f}x")
            print(f"RATIO {name}/tantivy p95 (goal <= {goal:.0f}x): " + ", ".join(cells)
                  + f"  [load at search: {r.get('load', '?')}, tantivy's: {ref.get('load', '?')}]")
    if "sqlite" in allres and "server" in allres.get("postgresql", {}):
        print("\npostgresql server:", allres["postgresql"]["server"])
