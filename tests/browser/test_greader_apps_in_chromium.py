"""«تطبيقات الهاتف» (/account/apps) in Debian Chromium at phone, tablet and desktop widths:
nothing scrolls sideways, axe-core finds no violation, before and after an app password is
created; and the password shown opens the Google Reader API."""

from __future__ import annotations

from urllib.parse import urlencode
from urllib.request import urlopen

import pytest

from khabar.settings import load_settings
from khabar.store import open_store
from khabar.store.credentials import hash_password
from khabar.web.app import create_app
from tests.browser.conftest import serving
from tests.browser.test_every_screen import WIDTHS, _check, require_axe

pytestmark = pytest.mark.browser
PASSWORD = "كلمة-سر-الاختبار"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("apps") / "apps.db")
    store.create_user("سارة", hash_password(PASSWORD))
    with serving(create_app(store, settings=load_settings(time_zone="UTC"))) as url:
        yield url
    store.close()


def test_app_passwords_page_at_every_width(browser, server):
    require_axe()
    failures: list[str] = []
    errors: list[str] = []
    for width in WIDTHS:
        context = browser.new_context(locale="ar", viewport={"width": width, "height": 900},
                                      bypass_csp=True)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(server + "/login")
        page.fill("input[name=name]", "سارة")
        page.fill("input[name=password]", PASSWORD)
        page.click("form.admin-form button")
        page.wait_for_url(lambda u: "/login" not in u)
        failures += [f"{width}px empty: {p}" for p in _check(page, server + "/account/apps", errors)]
        page.fill("input[name=name]", f"هاتف {width}")
        page.click("form.admin-form button[type=submit]")
        password = page.locator("#new-app-password code.secret").inner_text().strip()
        assert len(password.replace("-", "")) == 20
        width_now = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width_now[0] > width_now[1]:
            failures.append(f"{width}px with a new password: scrolls sideways {width_now}")
        form = urlencode({"Email": "سارة", "Passwd": password}).encode()
        with urlopen(server + "/api/greader/accounts/ClientLogin", form, timeout=10) as login:
            assert login.status == 200 and "Auth=" in login.read().decode()
        failures += [f"{width}px listed: {p}" for p in _check(page, server + "/account/apps",
                                                              errors)]
        assert f"هاتف {width}" in page.content() and password not in page.content()
        context.close()
    assert not failures, "\n".join(failures)
