"""Screenshots of the main pages, for the README: `make screenshots`.

Imports the ANT corpus (or $KHABAR_SHARED_DATA's) into a temporary database, serves it on
loopback and saves PNGs of the home, article, search, outlet and sources pages to
docs/screenshots/, with Debian's Chromium driven by Playwright.
"""

from __future__ import annotations

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
PAGES = {
    "home": "/",
    "search": "/search?q=" + quote("ادارة ترامب") + "&sort=relevance",
    "article": None,  # the first search result
    "outlet": "/sources/1",
    "sources": "/sources",
}


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "shots.db") as store:
        import_paths(store, [DATA / "ant-multisource"])
        with serving(create_app(store)) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            page = browser.new_page(locale="ar", viewport={"width": 1100, "height": 1400})
            for name, path in PAGES.items():
                if path is None:
                    page.goto(url + PAGES["search"])
                    path = page.locator(".item-title a").first.get_attribute("href")
                page.goto(url + path)
                page.screenshot(path=str(OUT / f"{name}.png"))
                print(f"docs/screenshots/{name}.png  ←  {path}")
            browser.close()


if __name__ == "__main__":
    main()
