"""Field encryption and blind indexes for personal identifiers (NIK, phone), one value or a whole column.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under ``LINDUNG_FIELD_KEYS``: the first key
encrypts, every key decrypts (``MultiFernet``), so keys can be rotated. Exact lookup uses a keyed blind index:
HMAC-SHA256 of the normalised value under ``LINDUNG_INDEX_KEY``, so the database never holds a searchable
clear value.

The ``*_many`` functions give the same tokens and indexes for a whole column (imports, the demo): one
``Fernet.encrypt`` builds a cipher, a padder and an HMAC object per value (about 30 µs), half a minute for a
million NIKs. The token format is public (https://github.com/fernet/spec: version 0x80, 8-byte timestamp,
16-byte IV, AES-128-CBC of the PKCS7-padded value, HMAC-SHA256 of all that, base64url) and so is the key
(base64url of a 16-byte signing key then a 16-byte encryption key), so a column is encrypted with public
primitives only: block *k* of every value is enciphered in one AES call (CBC chaining done with numpy), the
HMAC starts from key states computed once (RFC 2104), base64 runs over the whole column. See ADR 0006.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import struct
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

VERSION = b"\x80"
BLOCK = 16
HEADER = 1 + 8 + BLOCK  # version, timestamp, IV
TAG = 32
SLICE = 100_000  # values per batch step: bounds the numpy buffers of a million-row column


@dataclass(frozen=True)
class FieldKey:
    """One Fernet key split as the spec defines it."""

    signing: bytes
    encryption: bytes


def _key_texts() -> list[str]:
    keys = list(settings.LINDUNG_FIELD_KEYS)
    if not keys:
        path = settings.VAR_DIR / ".field_key"
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_bytes(Fernet.generate_key())
            path.chmod(0o600)
        keys = [path.read_text().strip()]
    return keys


def _config_error(exc: Exception) -> Exception:
    from lindung.config.env import ConfigError

    error = ConfigError("LINDUNG_FIELD_KEYS must hold Fernet keys (32 url-safe base64 bytes each).")
    error.__cause__ = exc
    return error


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in _key_texts()])
    except ValueError as exc:
        raise _config_error(exc) from exc


@lru_cache(maxsize=1)
def field_keys() -> tuple[FieldKey, ...]:
    """The configured keys, the encrypting one first (validated exactly as ``Fernet`` does)."""
    _fernet()  # a malformed key fails here with the configuration message
    raw = [base64.urlsafe_b64decode(key.encode()) for key in _key_texts()]
    return tuple(FieldKey(signing=k[:16], encryption=k[16:]) for k in raw)


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: wrong LINDUNG_FIELD_KEYS for this database") from exc


def encrypt_bytes(data: bytes) -> bytes:
    """A Fernet token of a whole file (staged uploads and plans)."""
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return _fernet().decrypt(token)


def blind_index(value: str) -> str:
    key = settings.LINDUNG_INDEX_KEY.encode("utf-8")
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:40]


class _Hmac:
    """HMAC-SHA256 under one key, its inner and outer states hashed once (RFC 2104 §2) and copied per value:
    half the cost of ``hmac.digest`` for short values, the same result."""

    def __init__(self, key: bytes) -> None:
        if len(key) > 64:
            key = hashlib.sha256(key).digest()
        key = key.ljust(64, b"\0")
        self.inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
        self.outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def digest(self, message: bytes | memoryview) -> bytes:
        inner = self.inner.copy()
        inner.update(message)
        outer = self.outer.copy()
        outer.update(inner.digest())
        return outer.digest()


def blind_indexes(values: Sequence[str]) -> list[str]:
    """``blind_index`` of each value, same order."""
    mac = _Hmac(settings.LINDUNG_INDEX_KEY.encode("utf-8"))
    return [mac.digest(v.encode("utf-8")).hex()[:40] for v in values]


def encrypt_many(values: Sequence[str]) -> list[str]:
    """Fernet tokens of ``values`` (same order) under the first field key, readable by ``decrypt``."""
    out: list[str] = []
    for start in range(0, len(values), SLICE):
        out.extend(_encrypt_slice([v.encode("utf-8") for v in values[start : start + SLICE]]))
    return out


def decrypt_many(tokens: Sequence[str]) -> list[str]:
    """The values of Fernet tokens made under any configured key; ValueError on a token that does not verify."""
    out: list[str] = []
    for start in range(0, len(tokens), SLICE):
        out.extend(_decrypt_slice(tokens[start : start + SLICE]))
    return out


def _by_length(lengths: list[int]) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = {}
    for i, length in enumerate(lengths):
        groups.setdefault(length, []).append(i)
    return groups


def _encrypt_slice(raw: list[bytes]) -> list[str]:
    key = field_keys()[0]
    mac = _Hmac(key.signing)
    header = np.frombuffer(VERSION + struct.pack(">Q", int(time.time())), dtype=np.uint8)
    out: list[str] = [""] * len(raw)
    for length, rows in _by_length([len(r) for r in raw]).items():
        padded = (length // BLOCK + 1) * BLOCK
        plain = np.zeros((len(rows), padded), dtype=np.uint8)
        if length:
            plain[:, :length] = np.frombuffer(b"".join(raw[i] for i in rows), dtype=np.uint8).reshape(-1, length)
        plain[:, length:] = padded - length  # PKCS7
        body = np.empty((len(rows), HEADER + padded + TAG), dtype=np.uint8)
        body[:, :9] = header
        body[:, 9:HEADER] = np.frombuffer(os.urandom(BLOCK * len(rows)), dtype=np.uint8).reshape(-1, BLOCK)
        _cbc_encrypt(key.encryption, plain, body[:, 9 : HEADER + padded])
        signed = HEADER + padded
        message = np.ascontiguousarray(body[:, :signed])
        view = memoryview(message.tobytes())
        tags = b"".join(mac.digest(view[i * signed : (i + 1) * signed]) for i in range(len(rows)))
        body[:, signed:] = np.frombuffer(tags, dtype=np.uint8).reshape(-1, TAG)
        for i, token in zip(rows, _b64_rows(body), strict=True):
            out[i] = token
    return out


def _cbc_encrypt(key: bytes, plain: np.ndarray, iv_and_out: np.ndarray) -> None:
    """AES-CBC of every row at once: block k of all rows in one ECB call (each row's chaining kept apart).
    ``iv_and_out`` holds the IV in its first 16 columns and receives the cipher text after them."""
    ecb = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # noqa: S305 - CBC chaining is done here
    for start in range(0, plain.shape[1], BLOCK):
        mixed = np.ascontiguousarray(plain[:, start : start + BLOCK] ^ iv_and_out[:, start : start + BLOCK])
        block = np.frombuffer(ecb.update(mixed.tobytes()), dtype=np.uint8).reshape(-1, BLOCK)
        iv_and_out[:, start + BLOCK : start + 2 * BLOCK] = block


def _b64_rows(rows: np.ndarray) -> list[str]:
    """URL-safe base64 of each row of an (n, width) byte array, as ``base64.urlsafe_b64encode`` would give:
    rows zero-padded to a multiple of 3 are encoded in one call, the characters of the padding become '='."""
    width = rows.shape[1]
    extra = -width % 3
    padded = np.pad(rows, ((0, 0), (0, extra))) if extra else np.ascontiguousarray(rows)
    chars = (width + extra) // 3 * 4
    text = np.frombuffer(base64.urlsafe_b64encode(padded.tobytes()), dtype=np.uint8).reshape(-1, chars).copy()
    if extra:
        text[:, chars - extra :] = ord("=")
    return text.view(f"S{chars}").ravel().astype(f"U{chars}").tolist()


def _decrypt_slice(tokens: Sequence[str]) -> list[str]:
    keys = field_keys()
    macs = [_Hmac(k.signing) for k in keys]
    try:
        bodies = [base64.urlsafe_b64decode(t) for t in tokens]
    except (ValueError, TypeError) as exc:
        raise ValueError("cannot decrypt: not a Fernet token") from exc
    key_of = [_verify(body, macs) for body in bodies]
    out: list[str] = [""] * len(tokens)
    for k, key in enumerate(keys):
        chosen = [i for i, used in enumerate(key_of) if used == k]
        for length, rows in _by_length([len(bodies[i]) for i in chosen]).items():
            picked = [chosen[r] for r in rows]
            data = np.frombuffer(b"".join(bodies[i] for i in picked), dtype=np.uint8).reshape(-1, length)
            for i, value in zip(picked, _cbc_decrypt(key.encryption, data), strict=True):
                out[i] = value
    return out


def _verify(body: bytes, macs: list[_Hmac]) -> int:
    if len(body) < HEADER + BLOCK + TAG or body[:1] != VERSION or (len(body) - HEADER - TAG) % BLOCK:
        raise ValueError("cannot decrypt: not a Fernet token")
    message, tag = memoryview(body)[:-TAG], body[-TAG:]
    for k, mac in enumerate(macs):
        if hmac.compare_digest(mac.digest(message), tag):
            return k
    raise ValueError("cannot decrypt: wrong LINDUNG_FIELD_KEYS for this database") from InvalidToken()


def _cbc_decrypt(key: bytes, bodies: np.ndarray) -> list[str]:
    """Values of verified token bodies of one length: one ECB call for all blocks, then XOR with the previous
    cipher block (or the IV) and strip the PKCS7 padding."""
    cipher = np.ascontiguousarray(bodies[:, HEADER:-TAG])
    ecb = Cipher(algorithms.AES(key), modes.ECB()).decryptor()  # noqa: S305 - CBC chaining is done here
    plain: np.ndarray = np.frombuffer(ecb.update(cipher.tobytes()), dtype=np.uint8).reshape(cipher.shape).copy()
    plain ^= bodies[:, 9 : -TAG - BLOCK]
    pads = plain[:, -1]
    if ((pads < 1) | (pads > BLOCK)).any():
        raise ValueError("cannot decrypt: bad padding")
    values = [""] * len(plain)
    for pad in np.unique(pads).tolist():
        rows = np.flatnonzero(pads == pad)
        texts = _utf8_rows(np.ascontiguousarray(plain[rows, : plain.shape[1] - pad]))
        for i, text in zip(rows.tolist(), texts, strict=True):
            values[i] = text
    return values


def _utf8_rows(rows: np.ndarray) -> list[str]:
    """The UTF-8 text of each row of an (n, width) byte array: ASCII rows without NUL as one numpy conversion
    (numpy strings drop trailing NULs), any other row decoded alone."""
    width = rows.shape[1]
    if width and rows.max() < 0x80 and rows.min() > 0:
        return rows.view(f"S{width}").ravel().astype(f"U{width}").tolist()
    return [row.tobytes().decode("utf-8") for row in rows]
