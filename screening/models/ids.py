"""Identifiers that may appear in URLs: random, never sequential (security.md item 2)."""

import secrets

PUBLIC_ID_BYTES = 24  # 192 bits, above the 128 the security requirements ask for
PUBLIC_ID_LENGTH = 32  # token_urlsafe(24) is 32 characters


def new_public_id() -> str:
    return secrets.token_urlsafe(PUBLIC_ID_BYTES)
