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
