"""Every metric khabar exposes is documented, and the Grafana dashboard uses only those."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from khabar import metrics

REPO = Path(__file__).resolve().parent.parent
DOC = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
DASHBOARD = REPO / "docs" / "grafana-khabar.json"


def exposed(store) -> set[str]:
    """Every sample name khabar's metrics can produce (histograms with their suffixes)."""
    metrics.ALERT_DELIVERIES.labels("email", "sent")  # a labelled family shows once used
    names = set()
    for family in text_string_to_metric_families(metrics.exposition(store).decode()):
        if not family.name.startswith("khabar_"):
            continue
        names.add(family.name)
        names.update(s.name for s in family.samples)
        if family.type == "histogram":
            names.update(f"{family.name}{suffix}" for suffix in ("_bucket", "_sum", "_count"))
        if family.type == "counter":
            names.add(f"{family.name}_total")
    return names


def test_every_exposed_metric_is_documented(store):
    for family in text_string_to_metric_families(metrics.exposition(store).decode()):
        if family.name.startswith("khabar_"):
            name = family.name + ("_total" if family.type == "counter" else "")
            assert f"`{name}`" in DOC, f"docs/operations.md lacks {name}"


def test_the_dashboard_uses_only_exposed_metrics_and_is_up_to_date(store):
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    names = exposed(store)
    used = {m for panel in dashboard["panels"] for target in panel["targets"]
            for m in re.findall(r"\bkhabar_[a-z_]+", target["expr"])}
    assert used and used <= names, used - names
    spec = importlib.util.spec_from_file_location("grafana", REPO / "scripts" / "grafana_dashboard.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.dashboard() == dashboard, "run: python scripts/grafana_dashboard.py"
