"""Arabic webfonts for readers whose device lacks them, served from Debian's fonts-noto-core.

The stylesheet asks for the fonts installed on the reader's device first (``local()``), then
for these files. Only the names listed here are served; a missing file is a 404 and the page
falls back to the device's Arabic fonts.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from khabar.errors import NotFound

router = APIRouter(include_in_schema=False)

#: where Debian's fonts-noto-core puts the Noto fonts
FONT_DIR = Path("/usr/share/fonts/truetype/noto")
#: the font files a page may ask for
FONTS = (
    "NotoNaskhArabic-Regular.ttf",
    "NotoNaskhArabic-Bold.ttf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold.ttf",
)


@router.get("/fonts/{name}")
def font(name: str) -> FileResponse:
    path = FONT_DIR / name
    if name not in FONTS or not path.is_file():
        raise NotFound(f"no font {name!r}", user_message="الخط غير موجود.")
    return FileResponse(path, media_type="font/ttf", headers={"Cache-Control": "public, max-age=2592000"})
