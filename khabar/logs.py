"""Logging, configured in one place: readable lines on a terminal, JSON lines when asked.

``configure_logging(settings)`` is called once per process by the ``khabar`` command. Every
line carries the stage (``poll``, ``worker``, ``import``, ``web`` … else the package of the
logger) and, where known, the source id, the article id and the web request id. Those come
from context variables, set with one call where the work starts (``bind(stage="poll",
source_id=…)`` in a poll's own task; the web middleware binds ``request_id``), or from
``extra={"article_id": …}`` on one call. asyncio tasks and ``asyncio.to_thread`` copy the
context, so a store call made for a poll logs with its source id.

No secret reaches a line: passwords in URLs (``postgresql://user:…@host``), bearer tokens and
the values of the secret settings (admin password, secret key, metrics token) are replaced by
``***`` in the message and in tracebacks, in both formats.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import IO, Any

from khabar.settings import Settings

#: the fields a line carries when they are known
FIELDS = ("stage", "source_id", "article_id", "request_id")
#: settings whose values are secrets
SECRET_SETTINGS = ("admin_password", "secret_key", "metrics_token")
MASK = "***"
LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING,
          "error": logging.ERROR}

_context: dict[str, ContextVar[Any]] = {name: ContextVar(f"khabar_{name}", default=None)
                                        for name in FIELDS}
_secrets: set[str] = set()
# scheme://user:PASSWORD@host — the password is whatever stands between ':' and the last '@'
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://[^\s:/@]*:)(?P<pw>[^\s@/]+)@",
                           re.IGNORECASE)
_BEARER = re.compile(r"(?P<head>\bBearer\s+)(?P<pw>[A-Za-z0-9._~+/=-]+)", re.IGNORECASE)
_HANDLER_NAME = "khabar"
#: libraries that talk a lot at INFO: kept at WARNING unless debugging
NOISY = ("httpx", "httpcore", "alembic.runtime.migration", "trafilatura", "htmldate", "courlan",
         "charset_normalizer")


def bind(**fields: Any) -> None:
    """Set context fields (``stage``, ``source_id``, ``article_id``, ``request_id``) for the
    rest of the current task or thread (and the tasks and threads it starts)."""
    for name, value in fields.items():
        _context[name].set(value)


def context() -> dict[str, Any]:
    """The context fields set now."""
    return {name: var.get() for name, var in _context.items() if var.get() is not None}


def add_secret(value: str | None) -> None:
    """Never log ``value`` (a password, a token); short values are ignored (they would mask
    ordinary words)."""
    if value and len(value) >= 4:
        _secrets.add(value)


def redact(text: str) -> str:
    """``text`` with URL passwords, bearer tokens and registered secrets masked."""
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + MASK + "@", text)
    text = _BEARER.sub(lambda m: m.group("head") + MASK, text)
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    found = context()
    for name in FIELDS:
        value = getattr(record, name, None)  # extra={"article_id": …} wins
        if value is not None:
            found[name] = value
    if "stage" not in found:
        parts = record.name.split(".")
        found["stage"] = parts[1] if len(parts) > 1 and parts[0] == "khabar" else parts[0]
    return found


class HumanFormatter(logging.Formatter):
    """``2026-12-02 18:04:05 INFO poll source=3: message``."""

    def format(self, record: logging.LogRecord) -> str:
        fields = _fields(record)
        when = datetime.fromtimestamp(record.created).strftime("%Y-%m-%d %H:%M:%S")
        tags = " ".join(f"{k.removesuffix('_id')}={v}" for k, v in fields.items() if k != "stage")
        line = f"{when} {record.levelname} {fields['stage']}{' ' + tags if tags else ''}: " \
               f"{record.getMessage()}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return redact(line)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the context
    fields, and ``exception`` with the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC)
                            .isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        doc.update(_fields(record))
        if record.exc_info:
            doc["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(doc, ensure_ascii=False, default=str)


def configure_logging(settings: Settings, stream: IO[str] | None = None, *,
                      default_level: str = "info") -> logging.Handler:
    """Send every log record, khabar's and its libraries' (uvicorn's too), to ``stream``
    (stderr) in the format of ``log_format``, from ``log_level`` up (``default_level`` when
    the setting is empty). Calling it again replaces the handler it installed."""
    fmt = str(settings.log_format).lower()
    if fmt not in ("human", "json"):
        raise ValueError(f"KHABAR_LOG_FORMAT: expected human or json, got {settings.log_format!r}")
    level = LEVELS.get(str(settings.log_level or default_level).lower())
    if level is None:
        raise ValueError(f"KHABAR_LOG_LEVEL: expected one of {', '.join(LEVELS)}, "
                         f"got {settings.log_level!r}")
    for name in SECRET_SETTINGS:
        add_secret(getattr(settings, name, ""))
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(JsonFormatter() if fmt == "json" else HumanFormatter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(level if level <= logging.DEBUG else logging.WARNING)
    return handler
