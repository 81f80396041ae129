"""The staff PIN: 4 to 8 digits, kept only as a slow salted hash (PBKDF2-SHA256). No Qt."""

from __future__ import annotations

import base64
import os
import re

PIN_RE = re.compile(r"[0-9]{4,8}", re.ASCII)
PIN_SCHEME = "pbkdf2_sha256"
PIN_ITERATIONS = 300_000
MIN_ITERATIONS = 200_000
MAX_ITERATIONS = 5_000_000
"""A hash with more iterations is refused: checking it would freeze the PIN pad."""


def parse_pin_hash(value: str) -> tuple[int, bytes, bytes]:
    """`pbkdf2_sha256$iterations$salt_b64$hash_b64` -> (iterations, salt, hash). Raises ValueError."""
    parts = value.split("$")
    if len(parts) != 4 or parts[0] != PIN_SCHEME or not parts[1].isascii() or not parts[1].isdigit():
        raise ValueError(f"not a {PIN_SCHEME} hash")
    iterations = int(parts[1])
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise ValueError(f"the iterations must be between {MIN_ITERATIONS} and {MAX_ITERATIONS}")
    try:
        salt = base64.b64decode(parts[2], validate=True)
        digest = base64.b64decode(parts[3], validate=True)
    except ValueError:
        raise ValueError("damaged (bad base64)") from None
    if len(salt) < 8 or len(digest) < 16:
        raise ValueError("damaged (salt or hash too short)")
    return iterations, salt, digest


def valid_pin(pin: str) -> bool:
    return PIN_RE.fullmatch(pin) is not None


def hash_pin(pin: str, *, iterations: int = PIN_ITERATIONS, salt: bytes | None = None) -> str:
    if not valid_pin(pin):
        raise ValueError("the PIN must be 4 to 8 digits")
    import hashlib  # here: hashlib loads OpenSSL (3 MB), needed only for the PIN

    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("ascii"), salt, iterations)
    encode = base64.b64encode
    return f"{PIN_SCHEME}${iterations}${encode(salt).decode()}${encode(digest).decode()}"


def verify_pin(stored: str | None, pin: str) -> bool:
    """Whether `pin` is the staff PIN whose hash is `stored` (a settings file's `pin_hash`).
    False when no PIN is set (the staff menu stays shut)."""
    if not stored:
        return False
    try:
        iterations, salt, expected = parse_pin_hash(stored)
    except ValueError:
        return False
    import hashlib
    import hmac

    candidate = pin.encode("ascii") if valid_pin(pin) else b"\0invalid"
    digest = hashlib.pbkdf2_hmac("sha256", candidate, salt, iterations, dklen=len(expected))
    return hmac.compare_digest(digest, expected) and valid_pin(pin)
