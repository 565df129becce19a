"""The API explorer, /docs (Swagger UI) and /redoc (ReDoc), served from installed packages.

FastAPI's own pages load both from a CDN, without subresource integrity, on the origin the
admin logs in on, and were exempt from the site's Content-Security-Policy (issue 20). Here the
assets come from the ``fastapi-offline`` package, the one inline script is replaced by
``static/api-docs.js``, and the pages carry a CSP whose scripts are 'self' only (Swagger UI
and ReDoc set inline styles, and ReDoc runs a worker from a blob).
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

#: where the installed package keeps Swagger UI and ReDoc
ASSETS = Path(fastapi_offline.__file__).parent / "static"
#: the files served from it, under /docs-assets/
ASSET_NAMES = ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png")

DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; worker-src 'self' blob:; connect-src 'self'; font-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

_HEAD = ('<!doctype html><html lang="en" dir="ltr"><head><meta charset="utf-8">'
         '<meta name="viewport" content="width=device-width, initial-scale=1">'
         '<title>khabar — API</title><link rel="icon" href="/docs-assets/favicon.png">')
SWAGGER_PAGE = (_HEAD + '<link rel="stylesheet" href="/docs-assets/swagger-ui.css"></head>'
                '<body><div id="swagger-ui" data-openapi="/openapi.json"></div>'
                '<script src="/docs-assets/swagger-ui-bundle.js"></script>'
                '<script src="/static/api-docs.js"></script></body></html>')
REDOC_PAGE = (_HEAD + '</head><body><redoc spec-url="/openapi.json"></redoc>'
              '<script src="/docs-assets/redoc.standalone.js"></script></body></html>')

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui() -> HTMLResponse:
    return HTMLResponse(SWAGGER_PAGE, headers={"Content-Security-Policy": DOCS_CSP})


@router.get("/redoc", response_class=HTMLResponse)
def redoc() -> HTMLResponse:
    return HTMLResponse(REDOC_PAGE, headers={"Content-Security-Policy": DOCS_CSP})


@router.get("/docs-assets/{name}")
def asset(name: str) -> FileResponse:
    if name not in ASSET_NAMES:
        raise HTTPException(404)
    return FileResponse(ASSETS / name, headers={"Cache-Control": "public, max-age=86400"})
