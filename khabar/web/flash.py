"""One-time messages after a POST-redirect-GET, in a small signed cookie (``khabar_flash``).

The cookie carries only the message of a form's outcome; who is logged in is never read from
it (``khabar.web.auth`` keeps sessions in the store).
"""

from __future__ import annotations

from fastapi import Request

FLASH_COOKIE = "khabar_flash"


def flash(request: Request, message: str, kind: str = "ok") -> None:
    request.session["flash"] = {"message": message, "kind": kind}


def pop_flash(request: Request) -> dict | None:
    return request.session.pop("flash", None)
