"""The score that orders top stories on the home page.

A story's score is computed when the clusterer changes it (``StoryFacts`` are counted by the
store from its articles) and stored with it, so a page reads the top stories with one indexed
query. It is the sum of

    OUTLET_WEIGHT    · ln(outlets)                              distinct outlets (dominant)
    ARTICLE_WEIGHT   · min(1, ln(articles) / ln(ARTICLES_FULL)) articles, saturating
    VELOCITY_WEIGHT  · min(1, ln(1 + articles/hour) / ln(1 + VELOCITY_FULL))
    DIVERSITY_WEIGHT · (1 − the largest outlet's share of the articles)
    last_at in hours / RECENCY_HOURS                            recency

The recency term grows with time itself, so the order of two stories never changes as the
clock moves ("hot" ranking): no score has to be recomputed while a story is quiet. Pages
rank only the stories active within ``TOP_WINDOW`` of the newest article, where recency
separates two stories by at most TOP_WINDOW / RECENCY_HOURS = 2 points.

Why a single-outlet story never outranks a five-outlet story inside the window: the five
outlets bring OUTLET_WEIGHT · ln 5 = 4.83 points; everything else a single-outlet story can
gain is at most ARTICLE_WEIGHT + VELOCITY_WEIGHT (1.5; its diversity is 0) plus 2 points of
recency: 3.5 < 4.83 (``tests/enrich/test_story_rank.py`` checks the bound). Between stories
of similar coverage, freshness decides.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

from khabar.store.records import StoryFacts

#: weights of the terms (see the module docstring for why these values)
OUTLET_WEIGHT = 3.0
ARTICLE_WEIGHT = 1.0
VELOCITY_WEIGHT = 0.5
DIVERSITY_WEIGHT = 0.5
#: articles at which the article term stops growing; articles per hour at which velocity does
ARTICLES_FULL = 50
VELOCITY_FULL = 10.0
#: hours of recency worth one point
RECENCY_HOURS = 24.0
#: top stories are those active within this span before the newest article
TOP_WINDOW = timedelta(hours=48)

_EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


def story_score(facts: StoryFacts) -> float:
    """The stored ranking score of a story (higher is higher on the home page)."""
    outlets = max(1, facts.outlets)
    articles = max(1, facts.articles)
    hours = max((facts.last_at - facts.first_at).total_seconds() / 3600, 1.0)
    coverage = OUTLET_WEIGHT * math.log(outlets)
    size = ARTICLE_WEIGHT * min(1.0, math.log(articles) / math.log(ARTICLES_FULL))
    velocity = VELOCITY_WEIGHT * min(1.0, math.log1p(articles / hours) / math.log1p(VELOCITY_FULL))
    if articles == 1:
        velocity = 0.0  # one article is no pace
    diversity = DIVERSITY_WEIGHT * (1.0 - facts.top_outlet_articles / articles)
    last = facts.last_at if facts.last_at.tzinfo else facts.last_at.replace(tzinfo=timezone.utc)
    recency = (last - _EPOCH).total_seconds() / 3600 / RECENCY_HOURS
    return coverage + size + velocity + diversity + recency
