"""Article pages: one article, every stored field, its copies and its story.

    /articles/{id}          the article's page (marks it read for a logged-in reader)
    /api/articles/{id}      its JSON twin, with every stored field

A page and its twin name each other through ``article_links`` (``render`` writes the
``<link rel="alternate">`` and the ``Link`` header). The lists of articles (latest, one
outlet, one tag…) are listings: ``listings.py`` builds them for pages.py, api.py and feeds.py.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from khabar.ingest.scrub import cap_text
from khabar.web.images import image_json
from khabar.web.labels import category_label
from khabar.web.personal import mark_opened
from khabar.web.render import Links, render
from khabar.web.params import RowId
from khabar.presenters import display_date, teaser

router = APIRouter()


def article_links(article_id: int) -> Links:
    return Links(html=f"/articles/{article_id}", json=f"/api/articles/{article_id}")


def _body_limit(request: Request) -> int:
    return int(request.app.state.settings.max_article_chars)


@router.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
def article_page(request: Request, article_id: RowId) -> Response:
    from khabar.pipeline.stories import also_reported_by, related

    store = request.app.state.store
    article = store.article(article_id)
    mark_opened(request, article)
    return render(request, "html", article_links(article.id), template="article.html", context={
        "article": article,
        "also": also_reported_by(store, article),
        "related": related(store, article),
        "date": display_date(article.published_at, request.app.state.zone),
        "category": category_label(article.category),
        "description": teaser(article),
        # a body stored before bodies were capped is cut for the page as at ingest
        "paragraphs": [p for p in cap_text(article.body, _body_limit(request)).split("\n")
                       if p.strip()],
    })


@router.get("/api/articles/{article_id}", tags=["articles"],
            summary="One article with every stored field")
def article_api(request: Request, article_id: RowId) -> Response:
    from khabar.pipeline.stories import article_context

    store = request.app.state.store
    article = store.article(article_id)
    document = article.to_json()
    document.update(article_context(store, article))
    document["category_label"] = category_label(article.category)
    document["image"] = image_json(request.app, article)  # proxied: /img/…, not the outlet
    document["links"] = {"html": f"/articles/{article.id}"}
    if article.story_id:
        document["links"]["story"] = f"/stories/{article.story_id}"
    return render(request, "json", article_links(article.id), document=document,
                  last_modified=article.fetched_at)
