"""The site's icon and web app manifest, at the paths browsers ask for.

    /favicon.ico              the icon (a PNG inside an ICO), made by scripts/make_icons.py
    /manifest.webmanifest     name, colours and icons for "add to home screen"
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, JSONResponse

router = APIRouter(include_in_schema=False)

STATIC_DIR = Path(__file__).parent / "static"
#: light and dark theme colours (the header's background in each scheme)
THEME_COLOR = "#0b5cad"
BACKGROUND_COLOR = "#fdfdfb"
_CACHE = {"Cache-Control": "public, max-age=86400"}

MANIFEST = {
    "name": "خبر — مجمّع الأخبار العربية",
    "short_name": "خبر",
    "description": "أهم القصص وآخر الأخبار من المصادر العربية، مع بحث عربي دقيق.",
    "lang": "ar",
    "dir": "rtl",
    "start_url": "/",
    "scope": "/",
    "display": "standalone",
    "background_color": BACKGROUND_COLOR,
    "theme_color": THEME_COLOR,
    "icons": [
        {"src": "/static/icon.svg", "sizes": "any", "type": "image/svg+xml"},
        {"src": "/static/icon-192.png", "sizes": "192x192", "type": "image/png"},
        {"src": "/static/icon-512.png", "sizes": "512x512", "type": "image/png",
         "purpose": "any maskable"},
    ],
}


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(STATIC_DIR / "favicon.ico", media_type="image/x-icon", headers=_CACHE)


@router.get("/manifest.webmanifest")
def manifest() -> JSONResponse:
    return JSONResponse(MANIFEST, media_type="application/manifest+json", headers=_CACHE)
