"""Settings for the test suite: deterministic keys, fast hashing, tasks run by an explicit worker."""

import os
import tempfile

os.environ.setdefault("LINDUNG_ENV", "test")
os.environ.setdefault("LINDUNG_VAR_DIR", tempfile.mkdtemp(prefix="lindung-test-"))
os.environ.setdefault("LINDUNG_SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("LINDUNG_FIELD_KEYS", "q0cHKyVnq8xQp5y6e7rKXHHoL3xW6mB7O0pRr3xI2Ak=")
os.environ.setdefault("LINDUNG_INDEX_KEY", "test-index-key")

from lindung.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = True
LOGGING["root"]["level"] = "WARNING"  # type: ignore[index]  # noqa: F405
LINDUNG_AUDIT_DB_GUARD = False
