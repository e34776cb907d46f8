"""The static files storage of production: WhiteNoise's compressed manifest storage, its addresses remembered.

Every page asks `{% static %}` for half a dozen addresses (the member's shell: the style sheets, the icons, the
script), and each answer parses the name, looks it up in the manifest and quotes it again (about 50 µs). The
manifest is read once when the process starts and never changes while it runs (a new deployment is a new
process), so an address, once found, is kept for the life of the process: code-derived, never data, the same on
every server of a deployment. A name missing from the manifest still raises (nothing is kept for it), and
`force=True` (collectstatic's own use) is never remembered.
"""
from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._addresses: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        found = self._addresses.get(name)
        if found is None:
            found = self._addresses[name] = super().url(name)
        return found
