"""A reader's private feeds, opened by a secret in the URL (a "feed" token from /account):

    /feeds/u/{token}/for-you.{rss,atom,json}   the newest articles matching their follows
    /feeds/u/{token}/saved.{rss,atom,json}     their saved articles, the last saved first

The token opens these feeds only (not the API); revoking it at /account closes them. Their
rules apply as on the pages. An unknown or revoked token answers 404.
"""

from __future__ import annotations

from fastapi import APIRouter, Path, Request, Response

from khabar.errors import NotFound
from khabar.store import Article
from khabar.store.credentials import token_hash
from khabar.store.rules import RuleSet, filtered_latest
from khabar.store.users import User
from khabar.web.feeds import FEED_ITEMS, Format, _feed_response
from khabar.web.personal import follow_filter

router = APIRouter(prefix="/feeds/u", tags=["feeds"])

Secret = Path(min_length=10, max_length=200)


def _owner(request: Request, token: str) -> User:
    found = request.app.state.store.token_user(token_hash(token), "feed")
    if found is None:
        raise NotFound("unknown feed token", user_message="الخلاصة غير موجودة أو أُلغي رمزها.")
    return found[0]


@router.get("/{token}/for-you.{fmt}", summary="A reader's «لك» as a feed (secret URL)")
def for_you_feed(request: Request, fmt: Format, token: str = Secret) -> Response:
    user = _owner(request, token)
    store = request.app.state.store
    follows = store.follows(user.id)
    articles: list[Article] = []
    if follows:
        articles, _ = filtered_latest(store, RuleSet.of_user(store, user.id), limit=FEED_ITEMS,
                                      filters=follow_filter(follows))
    return _private(_feed_response(request, fmt, "لك", "/for-you", request.url.path, articles))


@router.get("/{token}/saved.{fmt}", summary="A reader's saved articles as a feed (secret URL)")
def saved_feed(request: Request, fmt: Format, token: str = Secret) -> Response:
    user = _owner(request, token)
    articles = request.app.state.store.saved_articles(user.id, limit=FEED_ITEMS)
    return _private(_feed_response(request, fmt, "اقرأ لاحقاً", "/saved", request.url.path,
                                   articles))


def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
