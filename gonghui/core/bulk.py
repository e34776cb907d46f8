"""Fast bulk inserts for imports of tens of thousands of rows.

Two ways in:

- `insert(Model, objects)`: model instances (as bulk_create takes them); their primary keys are set.
- `insert_rows(Model, fields, rows)`: plain tuples of values for the named fields, no model instances at all
  (building 100,000 instances costs more than writing them); returns the new primary keys in row order. Fields
  not named take their default (one value for every row: a constant default, auto_now/auto_now_add = now).

SQLite: one prepared single-row INSERT run by executemany; the primary keys are assigned up front, after both the
highest id in the table and the highest id ever handed out (sqlite_sequence: AUTOINCREMENT never reuses the id of
a deleted row, and neither may we: the audit trail of that row is filed under its id). The transaction holds
SQLite's write lock from its BEGIN IMMEDIATE, so nobody else can take the same ids. Decimals go to sqlite3 as
they are (Django registers an adapter); dates, aware datetimes and JSON are converted a column at a time.

PostgreSQL: `insert` keeps bulk_create (the keys come back from the sequence); `insert_rows` takes the keys from
the table's sequence in one query and sends the rows with COPY … FROM STDIN (psycopg's cursor.copy()).

Also: `update_rows` (UPDATE by primary key, executemany), `insert_select` (rows the database makes from rows it
has), `in_values` (thousands of values for `__in` as one parameter), `loading` (SQLite: indexes rebuilt after a
load bigger than the table) and `gc_paused` (the cyclic GC off during a bulk job).

No signals are sent (as with bulk_create): callers audit through core.audit.record_bulk / record_rows.
"""
from __future__ import annotations

import contextlib
import datetime
import decimal
import gc
import itertools
import json
from collections.abc import Iterable, Sequence

from django.db import connection, models, transaction
from django.dispatch import Signal
from django.db.models.expressions import RawSQL
from django.utils import timezone

PG_BATCH = 2000

#: Sent with sender=the model after rows of it were written here (no model signals are): members.versioning.
rows_written = Signal()


def _converter(field: models.Field):
    """A fast value → SQLite parameter function for one field (the same results as get_db_prep_save), or None
    when the value can go as it is."""
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        return lambda v: None if v is None else json.dumps(v, cls=encoder, ensure_ascii=False)
    if isinstance(field, models.DateTimeField):
        adapt = connection.ops.adapt_datetimefield_value
        last = [None, None]  # rows of one insert mostly share one timestamp (created_at = now): convert it once

        def convert(v):
            if v is None:
                return None
            if v is not last[0]:
                last[0], last[1] = v, adapt(v)
            return last[1]

        return convert
    if isinstance(field, models.DateField):
        return lambda v: None if v is None else (v.date() if isinstance(v, datetime.datetime) else v).isoformat()
    if isinstance(field, models.DecimalField):
        places = decimal.Decimal(1).scaleb(-field.decimal_places)
        return lambda v: None if v is None else str(decimal.Decimal(v).quantize(places))
    if isinstance(field, models.BooleanField):
        return lambda v: None if v is None else int(bool(v))
    return None


class _Memo(dict):
    """value → converted value, each distinct value converted once: `list(map(memo.__getitem__, column))` runs
    at C speed for the values seen before (a roster repeats its dates; a bulk write shares one timestamp)."""

    def __init__(self, convert):
        super().__init__({None: None})
        self.convert = convert

    def __missing__(self, value):
        converted = self[value] = self.convert(value)
        return converted


def _column_converter(field: models.Field):
    """For insert_rows: a function converting a whole column of values for the database, or None when the values
    go as they are. SQLite: aware datetimes (naive UTC text, as Django stores them), dates (Django's sqlite3
    adapter would convert them one Python call at a time) and JSON. PostgreSQL: JSON only (as text for COPY's
    text format; psycopg adapts dates, decimals, datetimes and the rest)."""
    if isinstance(field, models.JSONField):
        encode = _json_text(field)
        return lambda column: [v if v.__class__ is str else encode(v) for v in column]
    if connection.vendor != "sqlite":
        return None
    if isinstance(field, models.DateTimeField):
        memo = _Memo(connection.ops.adapt_datetimefield_value)
        return lambda column: list(map(memo.__getitem__, column))
    if isinstance(field, models.DateField):
        memo = _Memo(datetime.date.isoformat)
        return lambda column: list(map(memo.__getitem__, column))
    return None


def _stored(meta) -> list[models.Field]:
    """The fields a row is written with: the concrete ones the database does not compute itself (GeneratedField)."""
    return [f for f in meta.concrete_fields if not getattr(f, "generated", False)]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _sqlite_next_id(meta) -> int:
    """The first free primary key: above the highest present and the highest ever handed out."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX({_q(meta.pk.column)}), 0) FROM {_q(meta.db_table)}")
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
        found = None
        if cursor.fetchone():  # it exists once any AUTOINCREMENT table does (Django's ids are AUTOINCREMENT)
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [meta.db_table])
            found = cursor.fetchone()
    return max(highest, found[0] if found and found[0] is not None else 0) + 1


def _pg_ids(meta, count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [meta.db_table, meta.pk.column, count])
        return sorted(r[0] for r in cursor.fetchall())


def _copy(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    sql = f"COPY {_q(table)} ({', '.join(_q(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, connection.wrap_database_errors:  # psycopg's errors → Django's
        with cursor.cursor.copy(sql) as copy:
            write = copy.write_row
            for row in rows:
                write(row)


@contextlib.contextmanager
def gc_paused():
    """The cyclic garbage collector paused for the duration of a bulk job.

    An import makes millions of small containers (rows, dicts of values, tuples of parameters) with no reference
    cycles: reference counting frees them. The cyclic collector, triggered by every few hundred allocations,
    would walk all of the live ones again and again — about a sixth of a 100,000-row import. It is switched
    back on at the end (by whoever switched it off: nested or concurrent jobs leave it to the outermost).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: Loads smaller than this keep the indexes as they are.
REBUILD_MIN_ROWS = 20_000


@contextlib.contextmanager
def loading(*load_models: type[models.Model], rows: int):
    """Around the inserts of a big load (`rows` new rows for each of these tables), inside one transaction.

    SQLite: a table that holds fewer rows than are coming (a union's first roster) loses its secondary indexes
    for the load and gets them back, created anew from their stored definitions, at the end: sorting 100,000
    keys once costs a fraction of inserting them one by one into ten B-trees. The transaction covers it all (an
    error puts the indexes back with everything else); readers keep seeing the indexes of the last commit.
    Statistics of the query planner (ANALYZE) are taken again for such a table when it had any. Tables bigger
    than the load, other databases and small loads: nothing changes (PostgreSQL's COPY keeps indexes well).
    """
    if connection.vendor != "sqlite" or rows < REBUILD_MIN_ROWS:
        yield
        return
    with transaction.atomic(savepoint=False):
        dropped: list[tuple[str, str]] = []
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
            has_stats = cursor.fetchone() is not None
            for model in load_models:
                table = model._meta.db_table
                cursor.execute(f"SELECT COALESCE(MAX({_q(model._meta.pk.column)}), 0) FROM {_q(table)}")
                if cursor.fetchone()[0] >= rows:  # the highest id bounds the number of rows
                    continue
                cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                               "AND sql IS NOT NULL", [table])
                for name, sql in cursor.fetchall():
                    cursor.execute(f"DROP INDEX {_q(name)}")
                    dropped.append((table, sql))
        yield
        with connection.cursor() as cursor:
            for _, sql in dropped:
                cursor.execute(sql)
            if has_stats:
                for table in dict.fromkeys(table for table, _ in dropped):
                    cursor.execute(f"ANALYZE {_q(table)}")


def insert(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """Insert new objects and set their primary keys; auto_now/auto_now_add fields are filled like save() does."""
    if not objects:
        return
    if connection.vendor != "sqlite":
        with transaction.atomic(savepoint=False):
            model._base_manager.bulk_create(objects, batch_size=PG_BATCH)
            rows_written.send(sender=model)
        return
    meta = model._meta
    now = timezone.now()
    for field in _stored(meta):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objects:
                if field.auto_now or getattr(obj, field.attname) is None:
                    setattr(obj, field.attname, now)
    with gc_paused(), transaction.atomic(savepoint=False), loading(model, rows=len(objects)):
        next_id = _sqlite_next_id(meta)
        for offset, obj in enumerate(objects):
            obj.pk = next_id + offset
            obj._state.adding = False
            obj._state.db = connection.alias
        fields = _stored(meta)
        plain = [f.attname for f in fields]
        converted = [(i, conv) for i, conv in ((i, _converter(f)) for i, f in enumerate(fields)) if conv is not None]
        sql = (f"INSERT INTO {_q(meta.db_table)} ({', '.join(_q(f.column) for f in fields)}) "
               f"VALUES ({', '.join(['%s'] * len(fields))})")

        def params():
            for obj in objects:
                values = [getattr(obj, name) for name in plain]
                for i, convert in converted:
                    values[i] = convert(values[i])
                yield values

        with connection.cursor() as cursor:
            cursor.executemany(sql, params())
        rows_written.send(sender=model)


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple], *,
                constants: dict | None = None) -> list[int]:
    """Insert plain rows (tuples of values in the order of `fields`, attnames such as "org_id"); returns their new
    primary keys in the same order.

    Values are what the model field holds: str, int, bool, date, Decimal (with the field's decimal places),
    aware datetime, a JSON-able object for a JSONField (or its JSON text already encoded, for speed).
    `constants`: field → one value for every row. Fields named in neither take their default, computed once for
    all rows (auto_now/auto_now_add: now). Runs inside a transaction (its own when the caller has none).

    The rows are turned into columns (zip), each column converted at once where it needs converting, and zipped
    back into parameter tuples: no Python code runs per row here.
    """
    if not rows:
        return []
    meta = model._meta
    by_name = {f.attname: f for f in _stored(meta)}
    constants = dict(constants or {})
    given = [by_name[name] for name in fields]
    if meta.pk in given or meta.pk.attname in constants:
        raise ValueError("insert_rows assigns the primary keys itself")
    now = timezone.now()
    for field in _stored(meta):
        if field is not meta.pk and field.attname not in fields and field.attname not in constants:
            auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            constants[field.attname] = now if auto else field.get_default()
    fixed = [by_name[name] for name in constants]
    fixed_values = []
    for field in fixed:
        convert = _column_converter(field)
        value = constants[field.attname]
        fixed_values.append(convert([value])[0] if convert else value)
    columns = list(zip(*rows))
    if len(columns) != len(given):
        raise ValueError(f"each row needs {len(given)} values")
    for i, field in enumerate(given):
        convert = _column_converter(field)
        if convert is not None:
            columns[i] = convert(columns[i])
    names = [meta.pk.column] + [f.column for f in given] + [f.column for f in fixed]

    with transaction.atomic(savepoint=False):
        if connection.vendor == "sqlite":
            first = _sqlite_next_id(meta)
            ids = list(range(first, first + len(rows)))
            with connection.cursor() as cursor:
                # The values shared by every row go into the statement as literals (quoted by SQLite itself),
                # so that only the row's own values are bound, row after row.
                literals = []
                if fixed_values:
                    cursor.execute(f"SELECT {', '.join(['quote(%s)'] * len(fixed_values))}", fixed_values)
                    literals = [text.replace("%", "%%") for text in cursor.fetchone()]
                sql = (f"INSERT INTO {_q(meta.db_table)} ({', '.join(_q(c) for c in names)}) "
                       f"VALUES ({', '.join(['%s'] * (1 + len(given)) + literals)})")
                cursor.executemany(sql, zip(ids, *columns))
        else:
            ids = _pg_ids(meta, len(rows))
            _copy(meta.db_table, names, zip(ids, *columns, *map(itertools.repeat, fixed_values)))
        rows_written.send(sender=model)
    return ids


class Value:
    """A value (sent as a parameter) rather than an SQL expression, in insert_select's columns."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def insert_select(model: type[models.Model], columns: dict, source: str, params: Sequence = ()) -> int:
    """INSERT … SELECT: rows made by the database from rows it has (memberships from the people just inserted),
    with no row passing through Python. `columns`: field attname → SQL expression over `source` (the text after
    FROM, with %s parameters `params`) or a Value; the other fields take their default (one value for all rows,
    auto_now/auto_now_add: now), the primary key comes from the table's sequence. Returns the number of rows."""
    meta = model._meta
    unknown = set(columns) - {f.attname for f in _stored(meta)}
    if unknown:
        raise ValueError(f"unknown fields: {', '.join(sorted(unknown))}")
    now = timezone.now()
    names, exprs, values = [], [], []
    for field in _stored(meta):
        if field is meta.pk:
            continue
        names.append(_q(field.column))
        given = columns.get(field.attname)
        if isinstance(given, str):
            exprs.append(given)
            continue
        if isinstance(given, Value):
            value = given.value
        else:
            auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            value = now if auto else field.get_default()
        convert = _column_converter(field)
        exprs.append("%s")
        values.append(convert([value])[0] if convert else value)
    sql = f"INSERT INTO {_q(meta.db_table)} ({', '.join(names)}) SELECT {', '.join(exprs)} FROM {source}"
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(sql, [*values, *params])
        count = cursor.rowcount
        if count:
            rows_written.send(sender=model)
        return count


def _json_text(field: models.JSONField):
    encoder = field.encoder
    return lambda v: v if v is None or v.__class__ is str else json.dumps(v, cls=encoder, ensure_ascii=False)


def update_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> None:
    """UPDATE many rows by primary key: each row is (pk, value for each of `fields`). One prepared statement run
    by executemany (psycopg pipelines it on PostgreSQL). Values as for insert_rows."""
    meta = model._meta
    by_name = {f.attname: f for f in meta.concrete_fields}
    targets = [by_name[name] for name in fields]
    sets = ", ".join(f"{_q(f.column)} = %s" for f in targets)
    sql = f"UPDATE {_q(meta.db_table)} SET {sets} WHERE {_q(meta.pk.column)} = %s"
    converted = [(i, conv) for i, conv in ((i, _column_converter(f)) for i, f in enumerate(targets)) if conv]

    def params():
        for pk, *values in rows:
            for i, convert in converted:
                values[i] = convert([values[i]])[0]
            values.append(pk)
            yield values

    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.executemany(sql, params())
        rows_written.send(sender=model)


def in_values(values) -> RawSQL | list:
    """The values as a subquery for `field__in=`: tens of thousands of values travel as ONE query parameter
    (SQLite: a JSON array read by json_each; PostgreSQL: an array read by unnest) instead of one parameter each,
    so a roster's ID numbers are looked up in one query. Values: str or int, all of one type. No values: an
    empty list (Django answers "nothing" without asking the database)."""
    values = list(values)
    if not values:
        return []
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(values, ensure_ascii=False)])
    if isinstance(values[0], int):
        return RawSQL("SELECT unnest(%s::bigint[])", [values])
    return RawSQL("SELECT unnest(%s::text[])", [values])
