"""Parsed rows kept with a batch, signed, between the upload and the commit.

Reading and parsing a 100,000-row sheet costs seconds, and its outcome depends on the file alone (and on the day:
dates may not lie in the future). So the upload keeps the parsed rows beside the stored file
(`<stored file>.rows`), and the commit (and the full error report) use them instead of parsing the file again,
when they are for this very file (its SHA-256), this day and these parsing rules, and carry a valid signature
(HMAC with the SECRET_KEY: nobody who can write to the storage can slip rows in). Otherwise the file is read
again. Whatever depends on the database is checked again at commit in any case.

Format: a line with the signature of all that follows, a line of JSON describing the rest, then one line of JSON
per list: row numbers, each kept row attribute (`Column.attribute`), then the values of each field. A line at a
time: memory stays low.
"""
from __future__ import annotations

import contextlib
import datetime
import hashlib
import itertools
import json
import os
import sys
from collections.abc import Iterator
from decimal import Decimal

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from . import parsers
from .rows import Parsed, RowError

PARSED_SUFFIX = ".rows"
_SALT = "gonghui.members.importing.parsed"
_digests: dict[str, str] = {}


def rules_digest(importer) -> str:
    """A digest of the code that parses rows (the engine's parsers and the area's module): parsed rows kept by
    another version of it are not used."""
    module = sys.modules[type(importer).__module__].__file__
    found = _digests.get(module)
    if found is None:
        digest = hashlib.sha256()
        try:
            for path in (module, *parsers.RULE_MODULES, __file__,
                         sys.modules[__package__ + ".rows"].__file__, sys.modules[__package__ + ".columns"].__file__):
                with open(path, "rb") as fh:
                    digest.update(fh.read())
        except OSError:  # no source to read: a digest of this process alone (kept rows are then read here only)
            digest.update(os.urandom(16))
        found = _digests[module] = digest.hexdigest()
    return found


def _typed_keys(importer, kind: str) -> frozenset:
    return frozenset(c.key for c in importer.columns if c.kind == kind)


def kept_attributes(importer) -> list[tuple[str, str]]:
    """(row attribute, kind) of the values that leave row.values for an attribute, in declaration order."""
    return [(c.attribute, c.kind) for c in importer.columns if c.attribute]


def value_keys(importer, parsed: Parsed) -> list[str]:
    return sorted({c.key for _, c, _ in parsed.columns if not c.attribute} | set(importer.derived_keys))


def encode(importer, parsed: Parsed, file_digest: str, out) -> None:
    """Write the parsed rows to the binary file `out` (see the module's docstring)."""
    rows = parsed.rows
    keys = value_keys(importer, parsed)
    texts = _Texts()
    dicts = [row.values for row in rows]
    typed = _typed_keys(importer, "date") | _typed_keys(importer, "money")
    attributes = kept_attributes(importer)

    def lists():
        yield {"rules": importer.rules_digest(), "file": file_digest, "kind": parsed.kind,
               "day": parsed.today.isoformat(),
               "columns": [[index, column.key, header] for index, column, header in parsed.columns],
               "ignored": parsed.ignored, "errors": [[e.row, e.column, e.value, e.reason] for e in parsed.errors],
               "rejected": sorted(parsed.rejected), "keys": keys}
        yield [row.number for row in rows]
        for attribute, kind in attributes:
            values = [getattr(row, attribute) for row in rows]
            yield list(map(texts.__getitem__, values)) if kind in ("date", "money") else values
        for key in keys:
            column = list(map(dict.get, dicts, itertools.repeat(key)))
            yield list(map(texts.__getitem__, column)) if key in typed else column

    signature = salted_hmac(_SALT, b"", algorithm="sha256")
    out.write(b"0" * 64 + b"\n")  # the signature, once it is known
    for part in lists():
        line = json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        signature.update(line)
        out.write(line)
    out.seek(0)
    out.write(signature.hexdigest().encode())
    out.seek(0)


class _Texts(dict):
    """date or Decimal → its text, each distinct value once (None stays None)."""

    def __init__(self):
        super().__init__({None: None})

    def __missing__(self, value):
        text = self[value] = value.isoformat() if isinstance(value, datetime.date) else str(value)
        return text


class _Dates(dict):
    """ISO text → date, each distinct date made once (None stays None)."""

    def __init__(self):
        super().__init__({None: None})

    def __missing__(self, text):
        day = self[text] = datetime.date.fromisoformat(text)
        return day


def decode(importer, lines, *, file_digest: str, kind: str) -> Parsed | None:
    """The kept rows from the lines of their file, or None when they may not be used (damaged, or signature,
    file, day or rules differ)."""
    try:
        return _decode_lines(importer, iter(lines), file_digest=file_digest, kind=kind)
    except (ValueError, KeyError, TypeError, IndexError, ArithmeticError):  # damaged (bad JSON, text for a date…)
        return None


def _decode_lines(importer, lines: Iterator[bytes], *, file_digest: str, kind: str) -> Parsed | None:
    mac = next(lines, b"").strip()
    signature = salted_hmac(_SALT, b"", algorithm="sha256")

    def part():
        line = next(lines, None)
        if line is None:
            raise ValueError("the kept rows end too early")
        signature.update(line)
        return json.loads(line)

    head = part()
    if (head["rules"], head["file"], head["kind"], head["day"]) != (
            importer.rules_digest(), file_digest, kind, timezone.localdate().isoformat()):
        return None
    numbers = part()
    dates = _Dates()
    as_date = dates.__getitem__
    attributes = [(attribute, kind, part()) for attribute, kind in kept_attributes(importer)]
    date_keys, money_keys = _typed_keys(importer, "date"), _typed_keys(importer, "money")
    keys, columns = head["keys"], []
    for key in keys:
        column = part()
        if key in date_keys:
            column = list(map(as_date, column))
        elif key in money_keys:
            column = [None if v is None else Decimal(v) for v in column]
        columns.append(column)
    if next(lines, None) is not None or not constant_time_compare(mac, signature.hexdigest().encode()):
        return None
    rejected = set(head["rejected"])
    make_row = importer.row_class
    rows = [make_row(number, dict(zip(keys, values)) if None not in values else {
                k: v for k, v in zip(keys, values) if v is not None})
            for number, values in zip(numbers, zip(*columns) if columns else itertools.repeat(()))]
    del columns
    for attribute, kind, values in attributes:
        convert = as_date if kind == "date" else (Decimal if kind == "money" else None)
        for row, value in zip(rows, values):
            if value is not None and value != "":
                setattr(row, attribute, convert(value) if convert else value)
    for row in rows:
        if row.number in rejected:
            row.rejected = True
    return Parsed(kind=kind, rows=rows,
                  columns=[(index, importer.column(key), header) for index, key, header in head["columns"]],
                  ignored=head["ignored"], errors=[RowError(*e) for e in head["errors"]], rejected=rejected,
                  today=datetime.date.fromisoformat(head["day"]))


def staged_name(batch) -> str:
    return batch.file.name + PARSED_SUFFIX


def keep(batch, kept) -> None:
    """Store the parsed rows (the file `kept`, see encode) beside the batch's file; a failure only means that the
    commit reads the file again."""
    from django.core.files import File

    name = staged_name(batch)
    try:
        saved = batch.file.storage.save(name, File(kept))
        if saved != name:  # the storage renamed it: it would not be found under the expected name
            batch.file.storage.delete(saved)
    except OSError:
        pass


def kept(importer, batch) -> Parsed | None:
    storage = batch.file.storage
    try:
        with storage.open(staged_name(batch), "rb") as fh:
            return decode(importer, fh, file_digest=batch.sha256, kind=batch.file_kind)
    except OSError:  # missing (or unreadable): the file is read instead
        return None


def drop(batch) -> None:
    if batch.file:
        with contextlib.suppress(OSError):
            batch.file.storage.delete(staged_name(batch))
