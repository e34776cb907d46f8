"""Exact sums of money on both databases.

SQLite keeps DECIMAL columns as binary floating point, so a plain `Sum("amount")` there adds floats and comes back
as e.g. Decimal('1999999.99000000') (or 1500.0000000000002 before rounding). `MoneySum` adds whole cents
(ROUND(x * 100), exact up to 2^53 cents) and returns a Decimal with 2 places; on PostgreSQL it is numeric SUM.
(A candidate for gonghui.core once other apps need it.)
"""
from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, Sum

CENT = Decimal("0.01")
MONEY = DecimalField(max_digits=18, decimal_places=2)


class MoneySum(Sum):
    def __init__(self, expression, **extra):
        extra.setdefault("output_field", MONEY)
        super().__init__(expression, **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        cents = self.copy()
        cents.template = "%(function)s(%(distinct)sROUND(%(expressions)s * 100))"
        sql, params = cents.as_sql(compiler, connection, **extra_context)
        return f"({sql} / 100.0)", params

    def convert_value(self, value, expression, connection):
        return None if value is None else Decimal(value).quantize(CENT)
