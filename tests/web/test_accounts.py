"""Accounts on the web: server-side sessions that end (issue 20 item 1), throttled logins,
cookie flags, CSRF, the admin_password bootstrap, registration and private installs."""

from __future__ import annotations

import pytest

from khabar.web.auth import CSRF_COOKIE, SESSION_COOKIE
from tests.web.readers_helpers import (
    PASSWORD,
    add_user,
    csrf,
    fast_hashing,  # noqa: F401 - autouse
    log_in,
    make_client,
)


def test_login_sets_an_httponly_samesite_session_cookie_and_logout_ends_it(store):
    add_user(store, "sara")
    client = make_client(store)
    response = log_in(client, "Sara")
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=") and "HttpOnly" in cookie
    assert "SameSite=lax" in cookie and "Secure" not in cookie
    secret = client.cookies[SESSION_COOKIE]
    assert "sara" in client.get("/account").text
    client.post("/logout", data={"csrf": csrf(client, "/account")})
    assert client.get("/account", follow_redirects=False).status_code == 303
    # the old cookie, presented again after logout, opens nothing
    client.cookies.set(SESSION_COOKIE, secret)
    assert client.get("/account", follow_redirects=False).headers["location"].startswith("/login")


def test_a_password_change_ends_every_other_session(store):
    add_user(store, "sara")
    here, elsewhere = make_client(store), make_client(store)
    log_in(here, "sara"), log_in(elsewhere, "sara")
    page = here.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "password": "جديدة-وطويلة",
            "password2": "جديدة-وطويلة",
            "csrf": csrf(here, "/account"),
        },
    )
    assert "تغيّرت كلمة المرور" in page.text
    assert here.get("/account", follow_redirects=False).status_code == 200
    assert elsewhere.get("/account", follow_redirects=False).status_code == 303
    assert log_in(make_client(store), "sara", "جديدة-وطويلة").status_code == 303
    assert log_in(make_client(store), "sara", PASSWORD).status_code == 401


def test_a_wrong_current_password_changes_nothing(store):
    add_user(store, "sara")
    client = make_client(store)
    log_in(client, "sara")
    page = client.post(
        "/account/password",
        data={
            "current": "wrong-password",
            "password": "جديدة-وطويلة",
            "password2": "جديدة-وطويلة",
            "csrf": csrf(client, "/account"),
        },
    )
    assert "كلمة المرور الحالية غير صحيحة" in page.text
    assert log_in(make_client(store), "sara").status_code == 303


def test_log_out_everywhere_and_ending_one_session(store):
    add_user(store, "sara")
    clients = [make_client(store) for _ in range(3)]
    for c in clients:
        log_in(c, "sara")
    clients[0].post("/account/sessions/end-others", data={"csrf": csrf(clients[0], "/account")})
    assert [c.get("/account", follow_redirects=False).status_code for c in clients] == [
        200,
        303,
        303,
    ]
    log_in(clients[1], "sara")
    [other] = [
        s
        for s in store.user_sessions(store.user_by_name("sara").id)
        if s.id != max(x.id for x in store.user_sessions(store.user_by_name("sara").id))
    ]
    clients[1].post(
        f"/account/sessions/{other.id}/end", data={"csrf": csrf(clients[1], "/account")}
    )
    assert clients[0].get("/account", follow_redirects=False).status_code == 303
    assert clients[1].get("/account", follow_redirects=False).status_code == 200


def test_removing_a_user_ends_their_sessions(store):
    add_user(store, "root", "admin")
    sara = add_user(store, "sara")
    admin, reader = make_client(store), make_client(store)
    log_in(admin, "root"), log_in(reader, "sara")
    admin.post(f"/admin/users/{sara.id}/remove", data={"csrf": csrf(admin, "/admin/users")})
    assert store.user_by_name("sara") is None
    assert reader.get("/account", follow_redirects=False).status_code == 303


def test_the_old_signed_admin_cookie_opens_nothing(store):
    """Issue 20: an admin cookie kept from before still opened /admin after logout."""
    import base64
    import json

    from itsdangerous import TimestampSigner

    client = make_client(store, admin_password=PASSWORD)
    payload = base64.b64encode(json.dumps({"admin": True, "csrf": "x"}).encode())
    client.cookies.set("khabar_session", TimestampSigner("test-key").sign(payload).decode())
    assert client.get("/admin", follow_redirects=False).headers["location"] == "/admin/login"


def test_sixty_wrong_passwords_are_throttled_and_then_even_the_right_one(store):
    """Issue 20: 60 wrong passwords in 3 s were answered alike, then the right one worked."""
    add_user(store, "root", "admin")
    client = make_client(store)
    token = csrf(client)
    statuses = [
        client.post(
            "/login", data={"name": "root", "password": f"guess-{i}", "csrf": token}
        ).status_code
        for i in range(60)
    ]
    assert statuses[:10] == [401] * 10 and set(statuses[10:]) == {429}
    refused = client.post(
        "/login", data={"name": "root", "password": PASSWORD, "csrf": token}, follow_redirects=False
    )
    assert refused.status_code == 429 and SESSION_COOKIE not in client.cookies
    assert 1 <= int(refused.headers["Retry-After"]) <= 900
    assert "حاول بعد" in refused.text
    # another account from another address is not locked by it
    add_user(store, "sara")
    other = make_client(store, client=("10.0.0.9", 1))
    assert log_in(other, "sara").status_code == 303


def test_guessing_many_account_names_from_one_address_is_throttled(store):
    client = make_client(store, login_failures_per_address=5)
    token = csrf(client)
    statuses = [
        client.post(
            "/login", data={"name": f"user{i}", "password": "x" * 8, "csrf": token}
        ).status_code
        for i in range(8)
    ]
    assert statuses == [401] * 5 + [429] * 3


def test_a_success_forgets_earlier_failures(store):
    add_user(store, "sara")
    client = make_client(store, login_failures_per_account=3)
    for _ in range(2):
        log_in(client, "sara", "wrong-password")
    assert log_in(client, "sara").status_code == 303
    client.cookies.clear()
    for _ in range(2):
        assert log_in(client, "sara", "wrong-password").status_code == 401


@pytest.mark.parametrize(
    "base_url, client_address, proxies, headers, secure",
    [
        ("https://testserver", ("testclient", 1), "", {}, True),
        ("http://testserver", ("10.0.0.1", 1), "", {"X-Forwarded-Proto": "https"}, False),
        ("http://testserver", ("10.0.0.1", 1), "10.0.0.0/8", {"X-Forwarded-Proto": "https"}, True),
        (
            "http://testserver",
            ("192.168.1.1", 1),
            "10.0.0.0/8",
            {"X-Forwarded-Proto": "https"},
            False,
        ),
    ],
)
def test_cookies_are_secure_over_https_and_behind_trusted_proxies_only(
    store, base_url, client_address, proxies, headers, secure
):
    add_user(store, "sara")
    client = make_client(store, base_url=base_url, client=client_address, trusted_proxies=proxies)
    client.headers.update(headers)
    page = client.get("/login")
    assert ("Secure" in page.headers["set-cookie"]) == secure  # the CSRF cookie too
    token = page.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    client.cookies.clear()
    client.cookies.set(CSRF_COOKIE, token)  # as a browser on https would send it back
    cookies = client.post(
        "/login", data={"name": "sara", "password": PASSWORD, "csrf": token}, follow_redirects=False
    ).headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith(SESSION_COOKIE))
    assert ("Secure" in session_cookie) == secure


def test_the_throttle_counts_the_forwarded_address_only_behind_a_trusted_proxy(store):
    client = make_client(
        store,
        client=("10.0.0.1", 1),
        trusted_proxies="10.0.0.1",
        login_failures_per_address=2,
        login_failures_per_account=100,
    )
    token = csrf(client)
    for i, address in enumerate(["1.1.1.1", "1.1.1.1", "2.2.2.2"]):
        response = client.post(
            "/login",
            data={"name": f"u{i}", "password": "x" * 8, "csrf": token},
            headers={"X-Forwarded-For": f"9.9.9.9, {address}"},
        )
        assert response.status_code == 401
    assert (
        client.post(
            "/login",
            data={"name": "u9", "password": "x" * 8, "csrf": token},
            headers={"X-Forwarded-For": "1.1.1.1"},
        ).status_code
        == 429
    )


def test_forms_need_the_csrf_token_of_their_own_session(store):
    add_user(store, "sara")
    client = make_client(store)
    anonymous_token = csrf(client)
    assert client.cookies.get(CSRF_COOKIE)
    assert (
        client.post(
            "/login", data={"name": "sara", "password": PASSWORD, "csrf": "forged"}
        ).status_code
        == 403
    )
    log_in(client, "sara")
    session_token = csrf(client, "/account")
    assert session_token != anonymous_token
    refused = client.post("/account/sessions/end-others", data={"csrf": anonymous_token})
    assert refused.status_code == 403
    other = make_client(store)
    log_in(other, "sara")
    assert csrf(other, "/account") != session_token  # a token per session


def test_the_admin_password_bootstraps_the_first_admin_once(store):
    client = make_client(store, admin_password=PASSWORD)
    assert "KHABAR_ADMIN_PASSWORD" in client.get("/login").text
    assert (
        client.post(
            "/admin/login",
            data={"password": PASSWORD, "csrf": csrf(client)},
            follow_redirects=False,
        ).headers["location"]
        == "/admin"
    )
    admin = store.user_by_name("admin")
    assert admin.is_admin and admin.password_hash.startswith("$argon2id$")
    assert "إدارة المصادر" in client.get("/admin").text
    # once an admin exists the setting is only that account's first password
    admin_id = admin.id
    client.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "password": "new-password-1",
            "password2": "new-password-1",
            "csrf": csrf(client, "/account"),
        },
    )
    assert log_in(make_client(store, admin_password=PASSWORD), "admin").status_code == 401
    assert store.count_admins() == 1 and store.user_by_name("admin").id == admin_id


def test_readers_cannot_open_the_admin_pages(store):
    add_user(store, "sara")
    client = make_client(store)
    log_in(client, "sara")
    assert client.get("/admin").status_code == 403
    assert client.get("/admin/users").status_code == 403
    assert (
        client.post(
            "/admin/users",
            data={"name": "x", "password": "y" * 8, "csrf": csrf(client, "/account")},
        ).status_code
        == 403
    )


def test_admins_manage_accounts_on_the_web(store):
    add_user(store, "root", "admin")
    client = make_client(store)
    log_in(client, "root")
    token = csrf(client, "/admin/users")
    page = client.post(
        "/admin/users",
        data={"name": "omar", "password": "password-1", "role": "reader", "csrf": token},
    )
    assert "أُنشئ الحساب «omar»" in page.text
    assert (
        "يوجد حساب بهذا الاسم"
        in client.post(
            "/admin/users", data={"name": "OMAR", "password": "password-1", "csrf": token}
        ).text
    )
    assert (
        "قصيرة"
        in client.post("/admin/users", data={"name": "x", "password": "short", "csrf": token}).text
    )
    omar = store.user_by_name("omar")
    client.post(f"/admin/users/{omar.id}/role", data={"role": "admin", "csrf": token})
    assert store.get_user(omar.id).is_admin
    client.post(f"/admin/users/{omar.id}/password", data={"password": "password-2", "csrf": token})
    assert log_in(make_client(store), "omar", "password-2").status_code == 303
    root = store.user_by_name("root")
    client.post(f"/admin/users/{omar.id}/remove", data={"csrf": token})
    assert (
        "آخر مشرف"
        in client.post(f"/admin/users/{root.id}/role", data={"role": "reader", "csrf": token}).text
    )
    assert store.get_user(root.id).is_admin


def test_registration_is_off_by_default_and_opens_with_its_setting(store):
    closed = make_client(store)
    assert closed.get("/register").status_code == 404
    closed.post(
        "/register",
        data={
            "name": "x1",
            "password": "password-1",
            "password2": "password-1",
            "csrf": csrf(closed),
        },
    )
    assert store.user_by_name("x1") is None
    client = make_client(store, registration_open=True)
    assert "أنشئ حساباً" in client.get("/login").text
    token = csrf(client, "/register")
    assert (
        "غير متطابقتين"
        in client.post(
            "/register",
            data={
                "name": "nour",
                "password": "password-1",
                "password2": "password-2",
                "csrf": token,
            },
        ).text
    )
    response = client.post(
        "/register",
        data={"name": "nour", "password": "password-1", "password2": "password-1", "csrf": token},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/for-you"
    assert store.user_by_name("nour").role == "reader"
    assert client.get("/for-you").status_code == 200


def test_a_private_install_sends_anonymous_visitors_to_the_login_page(filled_store):
    add_user(filled_store, "sara")
    client = make_client(filled_store, private_install=True)
    response = client.get("/tags/غزة?x=1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Ftags%2F%D8%BA%D8%B2%D8%A9%3Fx%3D1"
    assert client.get("/api/articles").status_code == 401
    assert client.get("/feeds/latest.rss", follow_redirects=False).status_code == 303
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/login").status_code == 200
    assert log_in(client, "sara", next="/search").headers["location"] == "/search"
    assert client.get("/").status_code == 200
    assert client.get("/api/articles").status_code == 200


def test_login_never_redirects_off_site(store):
    add_user(store, "sara")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        assert log_in(make_client(store), "sara", next=target).headers["location"] == "/"
