"""Batch Fernet for registry code: now the public ``lindung.core.crypto`` functions (kept for old imports).

``encrypt_many`` / ``decrypt_many`` give standard Fernet tokens for a whole column; see ``core.crypto`` and
ADR 0006 for how, and for key rotation.
"""

from __future__ import annotations

from lindung.core.crypto import decrypt_many, encrypt_many

__all__ = ["decrypt_many", "encrypt_many"]
