"""Field encryption and blind indexes for personal identifiers (NIK, phone).

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under ``LINDUNG_FIELD_KEYS`` (the first key
encrypts, all keys decrypt, so keys can be rotated). Exact lookup uses a keyed blind index: HMAC-SHA256 of the
normalised value under ``LINDUNG_INDEX_KEY``, so the database never holds a searchable clear value.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    keys = list(settings.LINDUNG_FIELD_KEYS)
    if not keys:
        path = settings.VAR_DIR / ".field_key"
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_bytes(Fernet.generate_key())
            path.chmod(0o600)
        keys = [path.read_text().strip()]
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        from lindung.config.env import ConfigError

        raise ConfigError("LINDUNG_FIELD_KEYS must hold Fernet keys (32 url-safe base64 bytes each).") from exc


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: wrong LINDUNG_FIELD_KEYS for this database") from exc


def blind_index(value: str) -> str:
    key = settings.LINDUNG_INDEX_KEY.encode("utf-8")
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:40]
