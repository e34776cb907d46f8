"""Hand-written reads for the member's pages (issue 9, speed): the SQL is written once, the rows come back as tuples.

The member's pages run on every visit of every member; the ORM spends about a millisecond of CPU building and
compiling each of their small queries — ten times what the database spends answering them — so the fixed queries of
the 首页's cards, the member's to-dos, the session, the roles and the unread count are written out here instead. Each
one states the same rule as the ORM selector it stands for (that selector stays the reference: the officer's pages
and the API use it), and a test compares the two on data of every kind (`portal/tests/test_member_speed.py`).
Plain SQL that SQLite and PostgreSQL both read: tables and columns from the models' `_meta`, `%s` parameters, a
path prefix tested with `substr` (no LIKE escaping to get wrong), dates adapted by the backend.
"""
from __future__ import annotations

from django.db import connection, connections


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def rows(sql: str, params=(), *, using: str | None = None) -> list[tuple]:
    with _cursor(using) as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def one(sql: str, params=(), *, using: str | None = None):
    """The first row, or None."""
    with _cursor(using) as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchone()


def _cursor(using: str | None = None):
    """Django's cursor; on PostgreSQL (unless GONGHUI_DB_PREPARED is off) one that binds the parameters on the server
    and prepares the statement on its connection the first time: PostgreSQL spent 0.1–0.6 ms planning each of these
    small queries and a few hundredths of a millisecond running them, so a persistent connection (CONN_MAX_AGE)
    plans each once. Django turns psycopg's automatic preparation off for every query (connection poolers in
    transaction mode lose prepared statements); here only these fixed statements are prepared, and a deployment
    behind such a pooler sets GONGHUI_DB_PREPARED=0. The cursor is wrapped as Django wraps its own: the queries are
    logged and counted (tests, debug) and errors translated."""
    from django.conf import settings

    connection = connections[using] if using else connections["default"]
    if connection.vendor != "postgresql" or not getattr(settings, "GONGHUI_DB_PREPARED", True):
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    if connection.connection.prepare_threshold is None:
        # Django turned psycopg's preparing off (None); a threshold no count reaches lets the explicit prepare=True
        # below work while nothing is ever prepared automatically (Django's own cursors bind on the client and
        # never prepare anyway).
        connection.connection.prepare_threshold = 1 << 30
    raw = _prepared_cursor_class()(connection.connection)
    if connection.queries_logged:
        raw.log = True
        return connection.make_debug_cursor(raw)
    return connection.make_cursor(raw)


_PREPARED_CURSOR = None


def _prepared_cursor_class():
    global _PREPARED_CURSOR
    if _PREPARED_CURSOR is None:
        from django.db.backends.postgresql.base import ServerBindingCursor

        class PreparedCursor(ServerBindingCursor):
            log = False  # the connection logs its queries (tests, DEBUG)

            def execute(self, query, params=None, *, prepare=True, binary=None):
                result = super().execute(query, params, prepare=prepare, binary=binary)
                if self.log and self._query is None:
                    # Run as an already prepared statement, psycopg keeps no query for Django's log to show: the
                    # query with its $1 … placeholders, as the first run shows it.
                    self._query = self._convert_query(query, params)
                return result

        _PREPARED_CURSOR = PreparedCursor
    return _PREPARED_CURSOR


def date(value):
    """A date as the backend takes it as a parameter (SQLite: its ISO text; PostgreSQL: the date)."""
    return connection.ops.adapt_datefield_value(value)


def starts_with(column: str, prefix_column: str) -> str:
    """SQL that is true when `column` starts with `prefix_column` (an organisation path inside another's subtree)."""
    return f"substr({column}, 1, length({prefix_column})) = {prefix_column}"
