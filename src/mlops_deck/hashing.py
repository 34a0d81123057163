"""Content hashes without ``import hashlib``.

``hashlib`` loads OpenSSL (``_hashlib``, ~3 ms) on import: a cost every lint process pays
before reading a byte. CPython's builtin ``_blake2`` and ``_sha256`` modules give the same
digests; other Python builds fall back to ``hashlib``.
"""
from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python builds
    from hashlib import blake2b

try:
    from _sha256 import sha256  # CPython 3.11 (3.12+ names it _sha2)
except ImportError:  # pragma: no cover
    try:
        from _sha2 import sha256
    except ImportError:
        from hashlib import sha256

__all__ = ["blake2b", "sha256"]
