"""Shared steps of the readers' web tests: clients, logging in, CSRF tokens."""

from __future__ import annotations

import re

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from khabar.settings import load_settings
from khabar.store import credentials
from khabar.store.credentials import hash_password
from khabar.web.app import create_app

PASSWORD = "كلمة-سر-طويلة"


def make_client(store, **settings) -> TestClient:
    options = {"secret_key": "test-key", **settings}
    base_url = options.pop("base_url", "http://testserver")
    client_address = options.pop("client", ("testclient", 50000))
    return TestClient(create_app(store, settings=load_settings(**options)), base_url=base_url,
                      client=client_address)


def add_user(store, name: str, role: str = "reader", password: str = PASSWORD):
    return store.create_user(name, hash_password(password), role=role)


def csrf(client: TestClient, path: str = "/login") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)


def log_in(client: TestClient, name: str, password: str = PASSWORD, **extra):
    return client.post("/login", data={"name": name, "password": password,
                                       "csrf": csrf(client), **extra}, follow_redirects=False)


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    """Argon2id with test-sized costs (the real ones take about a second on a loaded CI
    machine, several per test); the code paths are the same."""
    monkeypatch.setattr(credentials, "_HASHER",
                        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
