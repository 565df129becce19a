"""Run the `khabar` command of another source tree (old code) with this venv's packages.

    .venv/bin/python bench/khabar_tree.py TREE [--asyncio] KHABAR-ARGUMENTS…

For side-by-side runs: ``git archive main | tar -x -C /tmp/base`` then, e.g.,
``bench/load_web.py --khabar ".venv/bin/python bench/khabar_tree.py /tmp/base --asyncio"``.
The venv's editable install of this tree is set aside so that TREE's ``khabar`` is imported.
``--asyncio`` hides uvloop and httptools (uvicorn then runs asyncio and h11, as before they
were dependencies, 2026-12-03).
"""

from __future__ import annotations

import sys

if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    tree, args = sys.argv[1], sys.argv[2:]
    if args[:1] == ["--asyncio"]:
        args = args[1:]
        sys.modules["uvloop"] = None  # type: ignore[assignment]  # import raises ImportError
        sys.modules["httptools"] = None  # type: ignore[assignment]
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in str(f).lower()]
    sys.path.insert(0, tree)
    sys.argv = ["khabar", *args]
    from khabar.cli import main

    main()
