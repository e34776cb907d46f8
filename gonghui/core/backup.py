"""`gonghui backup FILE` and `gonghui restore FILE`: the whole database and the uploaded files, exactly.

One archive (tar, gzip) holds:

    manifest.json      format, engine, when, the applied migrations, and for every table its row count and a
                       SHA-256 of its rows in primary-key order; for every uploaded file its size and SHA-256
    database.sqlite3   SQLite: a consistent copy made with SQLite's online backup API (the site may stay up)
    database.pgdump    PostgreSQL: pg_dump's custom format, taken in the same snapshot as the manifest's checksums
    media/...          the uploaded files (MEDIA_ROOT)

Restoring replaces the database as a whole (in one transaction on PostgreSQL; through the backup API on SQLite)
and then computes every table's count and checksum again: the restore is reported done only when they all equal
the manifest's. Nothing is converted on the way, so datetimes keep their microseconds and decimals their places
(dumpdata/loaddata lost the microseconds and took a minute and 700 MB for 120,000 objects).

A backup restores into the same kind of database (SQLite → SQLite, PostgreSQL → PostgreSQL) and into a gonghui that
knows all of its migrations (an older backup is fine: run `gonghui migrate` after it).
"""
from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
MEDIA = "media"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Chinese and says what to do."""


@dataclass
class Result:
    manifest: dict
    path: Path
    seconds: float

    @property
    def rows(self) -> int:
        return sum(t["rows"] for t in self.manifest["tables"].values())


# --------------------------------------------------------------------------------------------------- checksums


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _canonical(value) -> str:
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return repr(value)


def table_checksum(cursor, table: str, order: list[str], vendor: str) -> dict:
    """Row count and SHA-256 of a table's rows, read in `order` (its primary key).

    Values are read as the database stores them, whatever the connection's type conversions: on SQLite through a
    no-op `+col` (an expression has no declared type, so no converter runs), on PostgreSQL as `col::text` (with the
    session in UTC, see _utc). So Django's connection and a plain one give the same checksum.
    """
    cursor.execute(f"SELECT * FROM {_quote(table)} WHERE 1 = 0")
    columns = [d[0] for d in cursor.description]
    wrap = "+{}" if vendor == "sqlite" else "{}::text"
    select = ", ".join(wrap.format(_quote(c)) for c in columns)
    order_sql = ", ".join(_quote(c) for c in order) or "1"
    cursor.execute(f"SELECT {select} FROM {_quote(table)} ORDER BY {order_sql}")
    digest = hashlib.sha256()
    rows = 0
    while True:
        chunk = cursor.fetchmany(5000)
        if not chunk:
            break
        rows += len(chunk)
        for row in chunk:
            digest.update("\x1f".join(map(_canonical, row)).encode())
            digest.update(b"\x1e")
    return {"rows": rows, "sha256": digest.hexdigest(), "order": order}


def _tables_and_keys(using: str) -> dict[str, list[str]]:
    """Every table of the database with its primary-key columns (all columns where a table has none)."""
    conn = connections[using]
    result = {}
    with conn.cursor() as cursor:
        for table in sorted(conn.introspection.table_names(cursor)):
            if table.startswith("sqlite_"):
                continue
            keys = conn.introspection.get_primary_key_columns(cursor, table) or []
            if not keys:
                keys = [c.name for c in conn.introspection.get_table_description(cursor, table)]
            result[table] = list(keys)
    return result


def checksums(cursor, tables: dict[str, list[str]], vendor: str) -> dict[str, dict]:
    if vendor == "postgresql":
        cursor.execute("SET TIME ZONE 'UTC'")  # timestamptz as text depends on the session's zone
    return {table: table_checksum(cursor, table, order, vendor) for table, order in tables.items()}


def _compare(expected: dict[str, dict], actual: dict[str, dict]) -> list[str]:
    problems = []
    for table, want in expected.items():
        got = actual.get(table)
        if got is None:
            problems.append(f"{table}：恢复后缺少此表")
        elif got["rows"] != want["rows"]:
            problems.append(f"{table}：应有{want['rows']}行，实有{got['rows']}行")
        elif got["sha256"] != want["sha256"]:
            problems.append(f"{table}：行数相同但内容校验值不同")
    return problems


# --------------------------------------------------------------------------------------------------- media


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files(root: Path) -> dict[str, dict]:
    if not root.is_dir():
        return {}
    files = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        files[path.relative_to(root).as_posix()] = {"size": path.stat().st_size, "sha256": _file_sha256(path)}
    return files


# --------------------------------------------------------------------------------------------------- engines


def engine(using: str = "default") -> str:
    vendor = connections[using].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"不支持备份 {vendor} 数据库（只支持 SQLite 和 PostgreSQL）。")
    return vendor


def _applied_migrations(cursor) -> list[list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [list(r) for r in cursor.fetchall()]


def _pg_env(settings_dict: dict, dbname: str | None = None) -> dict:
    env = dict(os.environ)
    env.update({k: str(v) for k, v in {
        "PGHOST": settings_dict.get("HOST"), "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"), "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": dbname or settings_dict.get("NAME"),
    }.items() if v})
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"找不到 PostgreSQL 的 {name} 程序：请安装 postgresql-client（apt-get install postgresql-client）。")
    return path


def _run(args: list[str], env: dict, stdin=None) -> None:
    done = subprocess.run(args, env=env, stdin=stdin, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} 执行失败：{(done.stderr or done.stdout).strip()[-2000:]}")


def _backup_sqlite(using: str, folder: Path) -> dict:
    conn = connections[using]
    conn.ensure_connection()
    target = sqlite3.connect(folder / SQLITE_FILE)
    try:
        conn.connection.backup(target)  # online: a consistent copy while the site keeps working
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        tables = _tables_and_keys(using)
        cursor = target.cursor()
        return {"tables": checksums(cursor, tables, "sqlite"), "migrations": _applied_migrations(cursor)}
    finally:
        target.close()


def _backup_postgresql(using: str, folder: Path) -> dict:
    import psycopg

    conn = connections[using]
    tables = _tables_and_keys(using)
    params = conn.get_connection_params()
    # One snapshot for both: pg_dump reads exactly what the checksums below read.
    with psycopg.connect(**params) as snap:
        snap.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = snap.execute("SELECT pg_export_snapshot()").fetchone()[0]
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl", f"--snapshot={snapshot}",
              "--file", str(folder / PG_FILE)], _pg_env(conn.settings_dict))
        with snap.cursor() as cursor:
            result = {"tables": checksums(cursor, tables, "postgresql"), "migrations": _applied_migrations(cursor)}
        snap.rollback()
    return result


def create(path: str | os.PathLike, *, using: str = "default", media: bool = True) -> Result:
    """Write the archive to `path` (through a temporary file beside it: whole or not at all)."""
    started = datetime.datetime.now(datetime.timezone.utc)
    path = Path(path)
    vendor = engine(using)
    if path.parent and not path.parent.is_dir():
        raise BackupError(f"目录不存在：{path.parent}")
    with tempfile.TemporaryDirectory(prefix="gonghui-backup-") as tmp:
        folder = Path(tmp)
        data = _backup_sqlite(using, folder) if vendor == "sqlite" else _backup_postgresql(using, folder)
        media_root = _media_root()
        manifest = {
            "format": FORMAT, "engine": vendor, "created_at": started.isoformat(),
            "database_file": SQLITE_FILE if vendor == "sqlite" else PG_FILE,
            "migrations": data["migrations"], "tables": data["tables"],
            "media": _media_files(media_root) if media else None,
        }
        partial = path.with_name(f".{path.name}.partial")
        try:
            with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
                raw = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(raw)
                info.mtime = int(started.timestamp())
                tar.addfile(info, io.BytesIO(raw))
                tar.add(folder / manifest["database_file"], arcname=manifest["database_file"])
                for name in manifest["media"] or {}:
                    tar.add(media_root / name, arcname=f"{MEDIA}/{name}")
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    seconds = (datetime.datetime.now(datetime.timezone.utc) - started).total_seconds()
    return Result(manifest, path, seconds)


# --------------------------------------------------------------------------------------------------- restore


def read_manifest(path: str | os.PathLike) -> dict:
    try:
        with tarfile.open(path, "r:*") as tar:
            member = tar.extractfile(MANIFEST)
            manifest = json.loads(member.read()) if member else None
    except FileNotFoundError:
        raise BackupError(f"找不到备份文件：{path}") from None
    except (tarfile.TarError, KeyError, OSError, ValueError):
        raise BackupError(f"{path} 不是 gonghui 备份文件（应为 gonghui backup 生成的 .tar.gz）。") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} 不是本版本可读的 gonghui 备份文件。")
    return manifest


def _check_restorable(manifest: dict, using: str) -> None:
    from django.db.migrations.loader import MigrationLoader

    vendor = engine(using)
    if manifest["engine"] != vendor:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise BackupError(f"备份来自 {names[manifest['engine']]} 数据库，当前使用的是 {names[vendor]}："
                          "只能恢复到同一种数据库。")
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
    if unknown:
        raise BackupError("备份来自更新版本的 gonghui（含本程序不认识的数据库迁移 "
                          f"{'、'.join(unknown[:3])}{'等' if len(unknown) > 3 else ''}）：请先升级 gonghui 再恢复。")


def _restore_sqlite(source: Path, using: str, target: str | None) -> None:
    # Django keeps an in-memory test database open on purpose; a file database is simply reopened.
    if target is None:
        connections[using].ensure_connection()
        live = connections[using].connection
    else:
        live = sqlite3.connect(target)
    src = sqlite3.connect(source)
    try:
        src.backup(live)  # replaces every page of the live database in one step
    finally:
        src.close()
        if target is not None:
            live.close()


def _restore_postgresql(source: Path, using: str, target: str | None) -> None:
    import psycopg

    conn = connections[using]
    params = dict(conn.get_connection_params())
    if target is not None:
        params["dbname"] = target
    env = _pg_env(conn.settings_dict, target)
    # The whole replacement is one transaction: drop what is there, then the dump's schema and rows.
    with psycopg.connect(**params) as live:
        tables = [r[0] for r in live.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()]
    drops = "".join(f"DROP TABLE IF EXISTS {_quote(t)} CASCADE;\n" for t in tables)
    script = subprocess.run([_pg_tool("pg_restore"), "--no-owner", "--no-acl", "--no-comments", "-f", "-",
                             str(source)], env=env, capture_output=True)
    if script.returncode != 0:
        raise BackupError(f"pg_restore 读取备份失败：{script.stderr.decode(errors='replace').strip()[-2000:]}")
    connections[using].close()
    with tempfile.TemporaryFile() as sql:
        sql.write(drops.encode())
        sql.write(script.stdout)
        sql.seek(0)
        _run([_pg_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1",
              "-d", params.get("dbname") or conn.settings_dict["NAME"]], env, stdin=sql)


def _restored_checksums(manifest: dict, using: str, target: str | None) -> dict:
    tables = {t: info["order"] for t, info in manifest["tables"].items()}
    if engine(using) == "sqlite":
        if target is None:
            conn = connections[using]
            conn.close()
            with conn.cursor() as cursor:
                return checksums(cursor, tables, "sqlite")
        with sqlite3.connect(target) as db:
            return checksums(db.cursor(), tables, "sqlite")
    import psycopg

    params = dict(connections[using].get_connection_params())
    if target is not None:
        params["dbname"] = target
    with psycopg.connect(**params) as db, db.cursor() as cursor:
        return checksums(cursor, tables, "postgresql")


def _restore_media(tar: tarfile.TarFile, manifest: dict, tmp: Path) -> str | None:
    """Unpack the uploaded files; the files there before move aside (nothing is deleted). Returns where they went."""
    if manifest.get("media") is None:
        return None
    unpack = tmp / "media-in"
    members = [m for m in tar.getmembers() if m.name.startswith(f"{MEDIA}/")]
    tar.extractall(unpack, members=members, filter="data")
    for name, info in manifest["media"].items():
        path = unpack / MEDIA / name
        if not path.is_file() or _file_sha256(path) != info["sha256"]:
            raise BackupError(f"备份中的上传文件 {name} 已损坏（校验值不符），未做任何恢复。")
    root = _media_root()
    moved = None
    if root.exists():
        if any(root.iterdir()):
            moved = root.with_name(f"{root.name}.before-restore-{datetime.datetime.now():%Y%m%d-%H%M%S}")
            root.rename(moved)
        else:
            root.rmdir()
    root.parent.mkdir(parents=True, exist_ok=True)
    if (unpack / MEDIA).exists():
        shutil.move(str(unpack / MEDIA), str(root))
    else:
        root.mkdir()
    return str(moved) if moved else None


def restore(path: str | os.PathLike, *, using: str = "default", target: str | None = None,
            media: bool = True) -> Result:
    """Replace the database (or `target`: another SQLite file / PostgreSQL database name) with the archive's.

    The archive's database is checked against the manifest before anything is touched, and the restored database
    after; a difference raises BackupError naming the tables.
    """
    started = datetime.datetime.now(datetime.timezone.utc)
    manifest = read_manifest(path)
    _check_restorable(manifest, using)
    with tempfile.TemporaryDirectory(prefix="gonghui-restore-") as tmp, tarfile.open(path, "r:*") as tar:
        tmp = Path(tmp)
        try:
            tar.extract(manifest["database_file"], tmp, filter="data")
        except KeyError:
            raise BackupError("备份文件不完整：缺少数据库部分。") from None
        source = tmp / manifest["database_file"]
        if manifest["engine"] == "sqlite":
            with sqlite3.connect(source) as db:  # the archive's copy first: a damaged archive changes nothing
                problems = _compare(manifest["tables"],
                                    checksums(db.cursor(), {t: i["order"] for t, i in manifest["tables"].items()},
                                              "sqlite"))
            if problems:
                raise BackupError("备份文件已损坏，未做任何恢复：" + "；".join(problems[:5]))
            _restore_sqlite(source, using, target)
        else:
            _restore_postgresql(source, using, target)
        problems = _compare(manifest["tables"], _restored_checksums(manifest, using, target))
        if problems:
            raise BackupError("恢复后的数据与备份不一致：" + "；".join(problems[:5]))
        if media and target is None:
            manifest["media_moved_to"] = _restore_media(tar, manifest, tmp)
    seconds = (datetime.datetime.now(datetime.timezone.utc) - started).total_seconds()
    return Result(manifest, Path(path), seconds)


def pending_migrations(using: str = "default") -> list[str]:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _ in plan]
