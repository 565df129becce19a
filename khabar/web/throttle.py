"""Login throttling, kept in the store so that every `khabar serve` process counts together.

Policy (settings ``login_window_seconds``, ``login_failures_per_account``,
``login_failures_per_address``; defaults 15 minutes, 10 and 30):

- every failed login is recorded twice, under the client's address and under the account
  name tried (known or not, so guessing names is throttled too);
- before a password is even checked, a login is refused with 429 when the account or the
  address has reached its limit of failures within the window; ``Retry-After`` says when the
  oldest counted failure leaves the window. The right password is refused too while the
  limit holds — otherwise a guesser would learn it from the answer;
- a successful login forgets the account's and the address's failures.

Locking an account for up to one window is the price: an attacker who knows a name can keep
it locked, never open it. Admins can still log in from the command line (`khabar users
passwd`) and other addresses count apart.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from khabar.settings import Settings
from khabar.store import Store
from khabar.store.users import name_key


class Throttled(Exception):
    """Too many failed logins; ``retry_after`` is in seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"login throttled for {retry_after} s")
        self.retry_after = retry_after


def keys(address: str, account: str) -> tuple[str, str]:
    return f"address:{address}", f"account:{name_key(account)}"


def check(store: Store, settings: Settings, address: str, account: str, now: datetime) -> None:
    """Raise ``Throttled`` when the address or the account is over its limit."""
    window = timedelta(seconds=settings.login_window_seconds)
    address_key, account_key = keys(address, account)
    wait = 0.0
    for key, limit in ((account_key, settings.login_failures_per_account),
                       (address_key, settings.login_failures_per_address)):
        failures = store.login_failures(key, now - window)
        if limit and len(failures) >= limit:
            # the limit holds until enough of the oldest failures leave the window
            release = failures[len(failures) - limit] + window
            wait = max(wait, (release - now).total_seconds())
    if wait > 0:
        raise Throttled(max(1, math.ceil(wait)))


def failed(store: Store, settings: Settings, address: str, account: str, now: datetime) -> None:
    window = timedelta(seconds=settings.login_window_seconds)
    address_key, account_key = keys(address, account)
    store.record_login_failure([address_key, account_key], now)
    # every so often (one failure in 50 by id would need a read): prune what left the window
    store.clear_login_failures("", before=now - window)


def succeeded(store: Store, address: str, account: str) -> None:
    for key in keys(address, account):
        store.clear_login_failures(key)
