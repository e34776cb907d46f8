"""The uploaded file as a whole: size and type before anything is parsed (core.excel sniffs the content: a
disguised PNG, an HTML page saved as .xls, a zip bomb, GBK or UTF-16 text are all told apart), its digest, and a
local copy of a stored file."""
from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile

from django.conf import settings

from gonghui.core import excel
from gonghui.core.errors import ServiceError


class ImportFileError(ServiceError):
    """The file as a whole cannot be imported (type, size, header, row count…); Chinese message."""


def max_rows() -> int:
    return int(getattr(settings, "GONGHUI_IMPORT_MAX_ROWS", 200_000))


def max_upload_bytes() -> int:
    return int(settings.GONGHUI_MAX_UPLOAD_BYTES)


def too_large_message() -> str:
    return (f"文件超过 {max_upload_bytes() // (1024 * 1024)} MB 的上限，未处理。"
            "请删除无关的工作表、图片和空白行，或拆分成几个文件分别导入。")


def check_file(path, filename: str) -> str:
    """Size and type, before anything is parsed. Returns the kind (xlsx, xls, csv); raises ImportFileError."""
    size = os.path.getsize(path)
    if size > max_upload_bytes():
        raise ImportFileError(too_large_message())
    try:
        return excel.sniff(path, filename)
    except excel.SpreadsheetError as exc:
        raise ImportFileError(str(exc)) from None


def sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


@contextlib.contextmanager
def local_copy(batch):
    """The batch's stored file as a local path (copied out of the storage when it is not on this disk)."""
    if not batch.file:
        raise ImportFileError("导入文件已不存在，请重新上传。")
    storage = batch.file.storage
    try:
        local = storage.path(batch.file.name)
    except NotImplementedError:
        local = None
    if local is not None:
        if not os.path.exists(local):
            raise ImportFileError("导入文件已不存在，请重新上传。")
        yield local
        return
    fd, tmp = tempfile.mkstemp(suffix=f".{batch.file_kind}")
    try:
        with os.fdopen(fd, "wb") as out, storage.open(batch.file.name, "rb") as src:
            shutil.copyfileobj(src, out, 1024 * 1024)
        yield tmp
    finally:
        os.unlink(tmp)
