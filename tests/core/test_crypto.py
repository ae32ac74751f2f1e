"""Field encryption: batch Fernet tokens are standard tokens, keys rotate, blind indexes equal the HMAC."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest
from cryptography.fernet import Fernet, MultiFernet
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.config.env import ConfigError
from lindung.core import crypto

OLD_KEY = "q0cHKyVnq8xQp5y6e7rKXHHoL3xW6mB7O0pRr3xI2Ak="  # the test settings' key
NEW_KEY = Fernet.generate_key().decode()


@pytest.fixture
def fresh_keys():  # type: ignore[no-untyped-def]
    """Key caches cleared before and after, so an override of LINDUNG_FIELD_KEYS takes effect and is undone."""
    crypto._fernet.cache_clear()
    crypto.field_keys.cache_clear()
    yield
    crypto._fernet.cache_clear()
    crypto.field_keys.cache_clear()


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=30))
def test_batch_tokens_are_fernet_tokens_both_ways(values: list[str]) -> None:
    tokens = crypto.encrypt_many(values)
    reference = Fernet(OLD_KEY.encode())
    assert [reference.decrypt(t.encode()).decode() for t in tokens] == values
    assert crypto.decrypt_many([crypto.encrypt(v) for v in values]) == values
    assert crypto.decrypt_many(tokens) == values


def test_every_token_has_its_own_iv() -> None:
    tokens = crypto.encrypt_many(["1271011708900001"] * 50)
    assert len(set(tokens)) == 50


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=20), st.binary(min_size=1, max_size=100))
def test_blind_indexes_equal_hmac_sha256_of_any_key(values: list[str], key: bytes) -> None:
    text_key = base64.b64encode(key).decode()  # keys longer than a SHA-256 block are hashed first, as in RFC 2104
    with override_settings(LINDUNG_INDEX_KEY=text_key):
        expected = [hmac.new(text_key.encode(), v.encode(), hashlib.sha256).hexdigest()[:40] for v in values]
        assert crypto.blind_indexes(values) == expected
        assert [crypto.blind_index(v) for v in values] == expected


def test_rotation_encrypts_with_the_first_key_and_reads_every_key(fresh_keys: None) -> None:
    old_tokens = crypto.encrypt_many(["1271011708900001", "+6281234567890"])
    with override_settings(LINDUNG_FIELD_KEYS=[NEW_KEY, OLD_KEY]):
        crypto._fernet.cache_clear()
        crypto.field_keys.cache_clear()
        new_tokens = crypto.encrypt_many(["1271011708900002"])
        assert Fernet(NEW_KEY.encode()).decrypt(new_tokens[0].encode()) == b"1271011708900002"
        assert crypto.decrypt_many([*old_tokens, *new_tokens]) == [
            "1271011708900001",
            "+6281234567890",
            "1271011708900002",
        ]
        # the standard library's rotation re-encrypts under the first key: still readable in batch
        rotated = MultiFernet([Fernet(NEW_KEY.encode()), Fernet(OLD_KEY.encode())]).rotate(old_tokens[0].encode())
        assert crypto.decrypt_many([rotated.decode()]) == ["1271011708900001"]
    with override_settings(LINDUNG_FIELD_KEYS=[NEW_KEY]):
        crypto._fernet.cache_clear()
        crypto.field_keys.cache_clear()
        with pytest.raises(ValueError, match="wrong LINDUNG_FIELD_KEYS"):
            crypto.decrypt_many(old_tokens)


def test_a_tampered_or_foreign_token_is_refused() -> None:
    token = crypto.encrypt_many(["1271011708900001"])[0]
    broken = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(ValueError, match="cannot decrypt"):
        crypto.decrypt_many([broken])
    with pytest.raises(ValueError, match="not a Fernet token"):
        crypto.decrypt_many(["bukan-token"])


def test_a_malformed_key_stops_with_the_variable_to_set(fresh_keys: None) -> None:
    with override_settings(LINDUNG_FIELD_KEYS=["not-a-key"]), pytest.raises(ConfigError, match="LINDUNG_FIELD_KEYS"):
        crypto.encrypt_many(["x"])


def test_files_round_trip() -> None:
    data = b"NIK,Nama\n1271011708900001,Budi\n" * 100
    token = crypto.encrypt_bytes(data)
    assert data not in token and crypto.decrypt_bytes(token) == data
