"""An article's entities do not depend on the process: between two full names of one length
for the same short name, the one met most (then first) is taken — never a set's order, which
changes with Python's string-hash seed (a pooled import's stored tags differed from run to run
on one ANT article: «منظمة الصحة العالمية» against a misread «منظمة الصحة العاملين»)."""

from __future__ import annotations

import os
import subprocess
import sys

from khabar.enrich.entities import _longest_organizations

FINDS = [
    ("منظمة الصحة", "organization", True),
    ("منظمة الصحة العاملين", "organization", True),
    ("منظمة الصحة العالمية", "organization", False),
    ("منظمة الصحة العالمية", "organization", True),
]
_PROBE = ("from khabar.enrich.entities import _longest_organizations as f; from {m} import FINDS; "
          "print(f(FINDS)[0][0])").format(m=__name__)


def test_the_full_name_met_most_is_taken():
    assert _longest_organizations(FINDS)[0][0] == "منظمة الصحة العالمية"
    assert _longest_organizations(FINDS[:2])[0][0] == "منظمة الصحة العاملين"


def test_the_same_in_every_process():
    seen = set()
    for seed in range(8):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        out = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                             text=True, check=True)
        seen.add(out.stdout.strip())
    assert seen == {"منظمة الصحة العالمية"}
