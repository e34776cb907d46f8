"""The session store (settings.SESSION_ENGINE): Django's database sessions, renewed at most once a minute.

Sessions end after SESSION_COOKIE_AGE idle seconds (two hours). Django keeps such an idle timeout with
SESSION_SAVE_EVERY_REQUEST, which writes the session row on every request: an UPDATE inside a transaction per page
(three of a member page's queries, and on SQLite a write lock that every other request waits for). This store
remembers the expiry of the row it loaded and marks the session modified only when that expiry is more than
SESSION_RENEW_SECONDS (default 60) older than a fresh one: the row is written at most once a minute per session, and a
session still ends between two hours minus a minute and two hours after the last request. The database stays the
one place a session lives, so it holds across several app servers (no per-process state) and signing out anywhere
ends it everywhere.
"""
from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.sessions.backends import db
from django.utils import timezone


def renew_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "SESSION_RENEW_SECONDS", 60))


class _Loaded:
    """What `load()` reads of the session row: its data."""
    __slots__ = ("session_data",)

    def __init__(self, session_data):
        self.session_data = session_data


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        """Django's `Session.objects.get(session_key=…, expire_date__gt=now)`, written out since every request of a
        signed-in user runs it (core/rawsql.py), and asking in the same query whether the expiry is old enough to
        renew (older than a fresh one by more than SESSION_RENEW_SECONDS)."""
        from django.db import connections, router

        from gonghui.core import rawsql

        if not self.session_key:
            self._session_key = None
            return None
        using = router.db_for_read(self.model)
        ops = connections[using].ops
        now = timezone.now()
        renew_before = now + datetime.timedelta(seconds=self.get_session_cookie_age()) - renew_after()
        row = rawsql.one(f"SELECT session_data, CASE WHEN expire_date < %s THEN 1 ELSE 0 END "
                         f"FROM {ops.quote_name(self.model._meta.db_table)} WHERE session_key = %s AND expire_date > %s",
                         [ops.adapt_datetimefield_value(renew_before), self.session_key,
                          ops.adapt_datetimefield_value(now)], using=using)
        if row is None:
            self._session_key = None
            return None
        if row[1]:
            self.modified = True  # SessionMiddleware saves it: a new expiry (and the same data)
        return _Loaded(row[0])

    async def _aget_session_from_db(self):
        s = await super()._aget_session_from_db()
        if s is not None:
            fresh = timezone.now() + datetime.timedelta(seconds=self.get_session_cookie_age())
            if fresh - s.expire_date > renew_after():
                self.modified = True
        return s
