"""Refuse oversized uploads while they stream in, before anything is parsed or kept."""
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class SizeLimitUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # Only flag it here: StopUpload raised outside the multipart parser would surface as a server error
        # (e.g. from the CSRF check that reads POST). The first file chunk stops the upload instead.
        self.request.upload_too_large = content_length > settings.GONGHUI_MAX_UPLOAD_BYTES + 64 * 1024
        self.received = 0
        return None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.request.upload_too_large or self.received > settings.GONGHUI_MAX_UPLOAD_BYTES:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


# Documents people attach to records (notices, applications): what is accepted, and how large.
ATTACHMENT_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".doc", ".docx", ".xls", ".xlsx", ".txt"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# The first bytes a file of each type starts with (a renamed .exe is refused); .txt and .bmp are not sniffed.
_MAGIC = {".pdf": (b"%PDF",), ".png": (b"\x89PNG",), ".jpg": (b"\xff\xd8",), ".jpeg": (b"\xff\xd8",),
          ".gif": (b"GIF8",), ".docx": (b"PK\x03\x04",), ".xlsx": (b"PK\x03\x04",),
          ".doc": (b"\xd0\xcf\x11\xe0",), ".xls": (b"\xd0\xcf\x11\xe0",)}


def check_attachment(file, name: str = "") -> str:
    """The original file name (no folders) of an acceptable attachment, else ServiceError with a Chinese message:
    an accepted type (by extension and by its first bytes), not empty, within ATTACHMENT_MAX_BYTES and
    GONGHUI_MAX_UPLOAD_BYTES."""
    import os

    from .errors import ServiceError

    original = os.path.basename(name or getattr(file, "name", "") or "附件")
    ext = os.path.splitext(original)[1].lower()
    if ext not in ATTACHMENT_TYPES:
        raise ServiceError("附件只接受 PDF、图片、Word、Excel 或文本文件。")
    size = getattr(file, "size", None)
    limit = min(ATTACHMENT_MAX_BYTES, getattr(settings, "GONGHUI_MAX_UPLOAD_BYTES", ATTACHMENT_MAX_BYTES))
    if not size:
        raise ServiceError("附件是空文件。")
    if size > limit:
        raise ServiceError(f"附件不能超过{limit // (1024 * 1024)}MB。")
    if ext in _MAGIC:
        file.seek(0)
        head = file.read(8)
        file.seek(0)
        if not any(head.startswith(m) for m in _MAGIC[ext]):
            raise ServiceError(f"附件“{original[:50]}”的内容与扩展名不符，请上传原始文件。")
    return original
