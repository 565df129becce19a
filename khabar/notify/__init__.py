"""Delivery of alerts: the outbox sender, channels through Apprise, Arabic message text and
the schedule (instant, hourly and daily digests, quiet hours in the user's time zone).

Matching is ``khabar.search.percolate``'s; the pipeline records matches and outbox rows
(``khabar.pipeline.alerts``); this package sends them (``sender.run_sender``, run by
``khabar run`` and ``khabar worker``).
"""

from khabar.notify.sender import SendReport, run_sender, send_due

__all__ = ["SendReport", "run_sender", "send_due"]
