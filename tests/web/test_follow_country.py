"""Following a country from its edition page (/country/{cc}): the button is there for a
signed-in reader, and «لك» then brings the articles filed under that country — the same
articles ``country:`` finds, whatever the outlet's own country."""

from __future__ import annotations

from tests.web.test_alerts_web import filled, logged_in  # noqa: F401 - fixture


def test_a_country_followed_from_its_page_brings_its_articles(filled):  # noqa: F811
    client, csrf = logged_in(filled, "sara")
    first = filled.latest(limit=1)[0]
    filled.set_article_countries({first.id: ["SA"]})
    page = client.get("/country/sa")
    assert 'name="kind" value="country"' in page.text and 'name="key" value="SA"' in page.text
    followed = client.post("/me/follows", data={"kind": "country", "key": "SA",
                                                "next": "/country/sa", "csrf": csrf},
                           follow_redirects=False)
    assert followed.status_code == 303
    assert "✓ تتابعه" in client.get("/country/sa").text
    mine = [i["article"]["title"] for i in client.get("/api/me/for-you").json()["items"]]
    assert mine == [first.title]
    found = client.get("/api/search", params={"q": "country:sa"}).json()
    assert [hit["title"] for hit in found["items"]] == mine
