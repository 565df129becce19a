"""The Jinja2 environment shared by every page (autoescaping on)."""

from pathlib import Path

from fastapi.templating import Jinja2Templates

from khabar.arabic import count_noun
from khabar.web.images import initials, proxied_image
from khabar.web.sanitize import safe_href, safe_marked
from khabar.presenters import STATUS_LABELS

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
# The templates ship with the package: compiled once, never checked again (the check stat()ed
# every template and include on every page: ~10 % of the search page's time, issue 16).
templates.env.auto_reload = False
templates.env.filters["marked"] = safe_marked
templates.env.filters["safe_href"] = safe_href
templates.env.globals["status_labels"] = STATUS_LABELS
templates.env.filters["count"] = count_noun
templates.env.globals["proxied_image"] = proxied_image
templates.env.filters["initials"] = initials
