"""Screenshots of the main pages, for the README: `make screenshots`.

    python scripts/screenshots.py [--db PATH]

Imports the ANT corpus (or $KHABAR_SHARED_DATA's) into a temporary database (or serves the
database --db names), serves it on loopback and saves PNGs to docs/screenshots/: home,
story, search, article, outlet and sources on a desktop (1366 px) and a phone (390 px), in
the light and the dark scheme, with Debian's Chromium driven by Playwright.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from khabar.pipeline import import_paths  # noqa: E402
from khabar.store import open_store  # noqa: E402
from khabar.web.app import create_app  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, serving  # noqa: E402

DATA = Path(os.environ.get("KHABAR_SHARED_DATA", REPO.parent / "shared" / "data"))
OUT = REPO / "docs" / "screenshots"
SEARCH = "/search?q=" + quote("ادارة ترامب") + "&sort=relevance"
#: page name → path (None: found on the page before)
PAGES = {
    "home": "/",
    "story": None,  # the first top story
    "search": SEARCH,
    "article": None,  # the first search result
    "outlet": "/sources/1",
    "sources": "/sources",
}
#: device → (viewport, pages shot on it)
DEVICES = {
    "desktop": ({"width": 1366, "height": 1000}, tuple(PAGES)),
    "phone": ({"width": 390, "height": 844}, ("home", "story", "search", "article")),
}


def shoot(browser, url: str) -> None:  # noqa: ANN001 - a Playwright Browser
    for device, (viewport, names) in DEVICES.items():
        for scheme in ("light", "dark"):
            context = browser.new_context(locale="ar", viewport=viewport, color_scheme=scheme,
                                          device_scale_factor=1)
            page = context.new_page()
            for name in names:
                path = PAGES[name]
                if name == "story":
                    page.goto(url + "/")
                    path = page.locator(".full-coverage").first.get_attribute("href")
                elif name == "article":
                    page.goto(url + SEARCH)
                    path = page.locator(".item-title a").first.get_attribute("href")
                page.goto(url + path)
                suffix = "" if (device, scheme) == ("desktop", "light") else f"-{device}-{scheme}"
                page.screenshot(path=str(OUT / f"{name}{suffix}.png"))
                print(f"docs/screenshots/{name}{suffix}.png  ←  {path}")
            context.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="serve this database instead of importing ANT")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, \
            open_store(args.db or Path(tmp) / "shots.db") as store:
        if args.db is None:
            import_paths(store, [DATA / "ant-multisource"])
        with serving(create_app(store)) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            shoot(browser, url)
            browser.close()


if __name__ == "__main__":
    main()
