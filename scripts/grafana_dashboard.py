"""Write docs/grafana-khabar.json, the Grafana dashboard of khabar's metrics (docs/operations.md).

    python scripts/grafana_dashboard.py

Each panel is (title, unit, [(PromQL, legend)]), laid out two per row; tests/test_metrics_docs.py
checks that every metric named here exists.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "grafana-khabar.json"
DS = {"type": "prometheus", "uid": "${datasource}"}


def q(quantile: float, metric: str, by: str = "") -> str:
    group = f"le, {by}" if by else "le"
    return f"histogram_quantile({quantile}, sum by ({group}) (rate({metric}_bucket[$__rate_interval])))"


PANELS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("Polls by outcome", "ops", [
        ("sum by (outcome) (rate(khabar_polls_total[$__rate_interval]))", "{{outcome}}")]),
    ("Fetch latency", "s", [
        (q(0.5, "khabar_fetch_seconds", "kind"), "p50 {{kind}}"),
        (q(0.95, "khabar_fetch_seconds", "kind"), "p95 {{kind}}")]),
    ("Articles stored, copies folded, stories opened", "ops", [
        ("sum by (status) (rate(khabar_articles_stored_total[$__rate_interval]))", "{{status}}"),
        ("sum(rate(khabar_copies_folded_total[$__rate_interval]))", "near copies folded"),
        ("sum(rate(khabar_stories_opened_total[$__rate_interval]))", "stories opened")]),
    ("Sources: followed, failing, paused", "short", [
        ("max(khabar_sources_followed)", "followed"),
        ("max(khabar_sources_failing)", "failing"),
        ("max(khabar_sources_paused)", "paused")]),
    ("Due queue and leases", "short", [
        ("max(khabar_due_sources)", "due, not being polled"),
        ("max(khabar_worker_leases_held)", "leases held (polls running)")]),
    ("Polling lag (oldest due source)", "s", [
        ("max(khabar_due_oldest_seconds)", "oldest due")]),
    ("Poll duration", "s", [
        (q(0.5, "khabar_poll_seconds"), "p50"), (q(0.95, "khabar_poll_seconds"), "p95")]),
    ("Worker trouble", "ops", [
        ("sum(rate(khabar_worker_claim_failures_total[$__rate_interval]))", "claim failures"),
        ("sum(rate(khabar_worker_leases_lost_total[$__rate_interval]))", "leases lost")]),
    ("Search latency by kind", "s", [
        (q(0.5, "khabar_search_seconds", "kind"), "p50 {{kind}}"),
        (q(0.95, "khabar_search_seconds", "kind"), "p95 {{kind}}"),
        (q(0.99, "khabar_search_seconds", "kind"), "p99 {{kind}}")]),
    ("Searches", "ops", [
        ("sum by (kind) (rate(khabar_search_seconds_count[$__rate_interval]))", "{{kind}}")]),
    ("Web requests by route", "reqps", [
        ("sum by (route) (rate(khabar_http_requests_total[$__rate_interval]))", "{{route}}")]),
    ("Web requests by status", "reqps", [
        ("sum by (status) (rate(khabar_http_requests_total[$__rate_interval]))", "{{status}}")]),
    ("Server errors (5xx share)", "percentunit", [
        (('sum(rate(khabar_http_requests_total{status=~"5.."}[$__rate_interval])) / '
          "sum(rate(khabar_http_requests_total[$__rate_interval]))"), "5xx")]),
    ("Request latency p95 by route", "s", [
        (q(0.95, "khabar_http_request_seconds", "route"), "{{route}}")]),
    ("Database connection pool", "short", [
        ("sum by (state) (khabar_db_pool_connections)", "{{state}}")]),
    ("Database and schema", "short", [
        ("min(khabar_database_up)", "database up"), ("min(khabar_schema_current)", "schema current")]),
    ("Alert deliveries", "ops", [
        ("sum by (channel, outcome) (rate(khabar_alert_deliveries_total[$__rate_interval]))",
         "{{channel}} {{outcome}}")]),
]


def dashboard() -> dict:
    panels = []
    for n, (title, unit, targets) in enumerate(PANELS):
        panels.append({
            "id": n + 1, "type": "timeseries", "title": title, "datasource": DS,
            "gridPos": {"h": 8, "w": 12, "x": 12 * (n % 2), "y": 8 * (n // 2)},
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
            "options": {"legend": {"displayMode": "list", "placement": "bottom"},
                        "tooltip": {"mode": "multi"}},
            "targets": [{"refId": chr(65 + i), "datasource": DS, "expr": expr,
                         "legendFormat": legend} for i, (expr, legend) in enumerate(targets)],
        })
    return {
        "title": "khabar", "uid": "khabar-ops", "schemaVersion": 39, "version": 1,
        "tags": ["khabar"], "timezone": "utc", "refresh": "1m",
        "time": {"from": "now-24h", "to": "now"},
        "templating": {"list": [{"name": "datasource", "type": "datasource",
                                 "query": "prometheus", "label": "Prometheus"}]},
        "panels": panels,
    }


if __name__ == "__main__":
    OUT.write_text(json.dumps(dashboard(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
