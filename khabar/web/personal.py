"""What one reader sees: their rules, follows, unread counts and «لك» (for you).

Pages, the JSON API and private feeds all come here for a user's view of a list, so a rule
or a follow acts the same everywhere. The work on articles is the store's
(``khabar.store.rules.filtered_latest``, ``Store.story_groups``); this module only puts a
request's user in front of it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

from fastapi import Request

from khabar.pipeline.source_names import source_names
from khabar.search import Results, search
from khabar.search.expand import Variants
from khabar.store import Article, Store
from khabar.store.base import SearchOrder
from khabar.store.filters import ArticleFilter
from khabar.store.reading import Follow, StoryGroup
from khabar.store.rules import RuleSet
from khabar.store.tags import NAME_VARIANTS_MODEL
from khabar.store.users import User
from khabar.web.auth import csrf_token, current_user
from khabar.web.kept import kept
from khabar.web.templating import templates
from khabar.presenters import display_date, teaser
from khabar.web.visible import count_visible

#: unread counts look at articles of this many days before the newest stored article (an
#: archive counts from its own last day, a live install from now)
UNREAD_WINDOW = timedelta(days=7)
#: «لك» ranks the newest this-many stories matching the user's follows
FOR_YOU_WINDOW = 300
#: the follow kind of each kind of list (the latest articles are not followed)
FOLLOW_KIND_OF_LIST = {"sources": "source", "tags": "tag", "entities": "entity",
                       "categories": "category", "countries": "country"}
#: what each kind of follow is called
FOLLOW_LABELS = {"source": "مصدر", "tag": "وسم", "entity": "اسم", "category": "قسم",
                 "country": "بلد", "search": "بحث محفوظ"}


def rules_of(request: Request) -> RuleSet:
    """The request's user's filter rules (none for anonymous visitors), compiled once."""
    if not hasattr(request.state, "rules"):
        user = current_user(request)
        request.state.rules = RuleSet.of_user(request.app.state.store,
                                              user.id if user else None)
    return request.state.rules


def follows_of(request: Request, user: User) -> list[Follow]:
    if not hasattr(request.state, "follows"):
        request.state.follows = request.app.state.store.follows(user.id)
    return request.state.follows


def follow_filter(follows: list[Follow]) -> ArticleFilter:
    return ArticleFilter(follows=tuple((f.kind, f.key) for f in follows))


def unread_since(store: Store) -> datetime:
    newest = store.newest_time() or datetime.now(timezone.utc)
    return min(newest, datetime.now(timezone.utc)) - UNREAD_WINDOW


def unread_count(store: Store, user: User, rules: RuleSet, follows: list[Follow],
                 since: datetime) -> int:
    """Unread articles matching any of ``follows`` in the unread window, as the user sees
    them: mutes, word and regex rules applied (``khabar.web.visible.count_visible``)."""
    if not follows:
        return 0
    filters = ArticleFilter(follows=tuple((f.kind, f.key) for f in follows), unread_by=user.id,
                            since=since)
    return count_visible(store, user.id, rules, filters)


def header_unread(request: Request) -> int:
    user = current_user(request)
    if user is None:
        return 0
    store = request.app.state.store
    return unread_count(store, user, rules_of(request), follows_of(request, user),
                        unread_since(store))


def follow_state(request: Request, kind: str, key: str) -> dict | None:
    """What ``_follow.html`` shows for one followable thing (None for anonymous visitors)."""
    user = current_user(request)
    if user is None or not key:
        return None
    following = any(f.kind == kind and f.key == key for f in follows_of(request, user))
    return {"kind": kind, "key": key, "following": following, "csrf": csrf_token(request),
            "next": request.url.path + (f"?{request.url.query}" if request.url.query else "")}


def mark_opened(request: Request, article: Article) -> None:
    """Opening an article's page marks it read for a logged-in reader."""
    user = current_user(request)
    if user is not None:
        request.app.state.store.mark_read(user.id, [article.id])


def article_actions(request: Request, article: Article) -> dict | None:
    """What ``_article_actions.html`` shows: save / unsave, mark unread (logged in only)."""
    user = current_user(request)
    if user is None:
        return None
    state = request.app.state.store.article_states(user.id, [article.id]).get(article.id)
    return {"article_id": article.id, "saved": bool(state and state.saved),
            "read": bool(state and state.read), "csrf": csrf_token(request),
            "next": request.url.path}


@dataclass(frozen=True, slots=True)
class ForYouPage:
    items: list[dict]
    total: int
    page: int
    has_next: bool
    follows: list[Follow]


def for_you(store: Store, user: User, rules: RuleSet, follows: list[Follow], *,
            page: int = 1, per_page: int = 20) -> ForYouPage:
    """Stories matching what the user follows, one item per story (copies folded): the
    newest day first, and within a day the biggest story first."""
    if not follows:
        return ForYouPage([], 0, page, False, follows)
    groups = store.story_groups(rules.narrow(follow_filter(follows)), user_id=user.id,
                                limit=FOR_YOU_WINDOW)
    found = {a.id: a for a in store.articles_with_ids([g.article_id for g in groups])}
    kept: list[tuple[StoryGroup, Article]] = [
        (g, found[g.article_id]) for g in groups
        if g.article_id in found and rules.allows(found[g.article_id])]
    kept.sort(key=lambda ga: (ga[0].newest.date(), ga[0].size, ga[0].newest), reverse=True)
    start = (page - 1) * per_page
    items = [_item(g, a) for g, a in kept[start:start + per_page]]
    return ForYouPage(items, len(kept), page, start + per_page < len(kept), follows)


def _item(group: StoryGroup, article: Article) -> dict:
    return {"article": article, "date": display_date(article.published_at),
            "teaser": teaser(article), "story_id": group.story_id, "size": group.size,
            "matched": group.matched, "unread": group.unread, "read": group.unread == 0}


def for_you_json(item: dict) -> dict:
    from_article = item["article"]
    return {"story_id": item["story_id"], "articles_in_story": item["size"],
            "articles_matched": item["matched"], "unread": item["unread"],
            "read": item["read"], "article": {
                "id": from_article.id, "title": from_article.title,
                "source": from_article.source, "url": from_article.url,
                "published_at": item["date"]["iso"] if item["date"] else None,
                "summary": item["teaser"]}}


#: seconds the names' spellings (``NAME_VARIANTS_MODEL``, relearned by imports and polls) are
#: kept in the app for searches
VARIANTS_TTL = 60.0


def name_variants(state) -> Variants:  # noqa: ANN001 - the app's state
    """The spellings of names that searches expand, kept in the app for ``VARIANTS_TTL``."""
    return kept(state, "name_variants", VARIANTS_TTL,
                lambda: state.store.load_model(NAME_VARIANTS_MODEL) or {})


def personal_search(request: Request, text: str, *, limit: int, offset: int = 0,
                    order: SearchOrder = "relevance",
                    filters: ArticleFilter | None = None) -> Results:
    """``khabar.search.search`` as the request's user sees it: muted outlets and topics in
    the query, word and regex rules on the hits (a page may then hold fewer than ``limit``)."""
    rules = rules_of(request)
    store = request.app.state.store
    results = search(store, text, limit=limit, offset=offset, order=order,
                     filters=rules.narrow(filters) if rules else filters,
                     source_names=source_names(store), variants=name_variants(request.app.state))
    if not rules.checks_articles:
        return results
    return replace(results, hits=[h for h in results.hits if rules.allows(h.article)])


def account_nav(request: Request) -> dict | None:
    """What the header's account corner shows (``_account_nav.html``)."""
    user = current_user(request)
    if user is None:
        return None
    return {"user": user, "csrf": csrf_token(request), "unread": header_unread(request)}


templates.env.globals.update(account_nav=account_nav, follow_state=follow_state,
                             article_actions=article_actions, follow_labels=FOLLOW_LABELS)
