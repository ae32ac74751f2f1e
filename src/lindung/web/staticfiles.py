"""Static file storage of the demo: WhiteNoise's compressed manifest storage, gzip only.

Brotli at its best level takes about 20 s per copy of plotly.min.js (the file and its hashed name), which would
add most of a minute to the demo's first start for a page served on 127.0.0.1; gzip takes under a second and
still sends 1.5 MB instead of 4.8 MB. Production keeps both (``CompressedManifestStaticFilesStorage``).
"""

from __future__ import annotations

from typing import Any

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class GzipManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    def create_compressor(self, **kwargs: Any) -> Compressor:
        return Compressor(use_brotli=False, **kwargs)
