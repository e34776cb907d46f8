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


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        s = super()._get_session_from_db()
        if s is not None:
            fresh = timezone.now() + datetime.timedelta(seconds=self.get_session_cookie_age())
            if fresh - s.expire_date > renew_after():
                self.modified = True  # SessionMiddleware saves it: a new expiry (and the same data)
        return s

    async def _aget_session_from_db(self):
        s = await super()._aget_session_from_db()
        if s is not None:
            fresh = timezone.now() + datetime.timedelta(seconds=self.get_session_cookie_age())
            if fresh - s.expire_date > renew_after():
                self.modified = True
        return s
