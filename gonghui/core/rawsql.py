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

from django.db import connection


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def one(sql: str, params=()):
    """The first row, or None."""
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchone()


def date(value):
    """A date as the backend takes it as a parameter (SQLite: its ISO text; PostgreSQL: the date)."""
    return connection.ops.adapt_datefield_value(value)


def starts_with(column: str, prefix_column: str) -> str:
    """SQL that is true when `column` starts with `prefix_column` (an organisation path inside another's subtree)."""
    return f"substr({column}, 1, length({prefix_column})) = {prefix_column}"
