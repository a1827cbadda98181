"""Personal numbers encrypted at rest (Fernet, from ``cryptography``) and their blind index.

The keys come from ``settings.FIELD_KEY`` (comma-separated) or else the key file
``settings.FIELD_KEY_FILE`` (one key a line, made on first use). The first key encrypts; every
key decrypts (:class:`~cryptography.fernet.MultiFernet`), so a new key goes first and the old
ones stay until ``manage.py reencrypt_jobseekers`` has rewritten every record with the new one.

The blind index is an HMAC-SHA256 of the normalised phone number under a key derived from the
first key: equal numbers have equal indexes, so a duplicate is found without decrypting.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from microparks.io.key_files import read_or_create_keys


def _keys() -> tuple[bytes, ...]:
    return _keys_of(settings.FIELD_KEY, settings.FIELD_KEY_FILE)


@cache
def _keys_of(keys: str, path: Path) -> tuple[bytes, ...]:
    raw = [k.strip() for k in keys.split(",") if k.strip()]
    if not raw:
        raw = read_or_create_keys(path, lambda: Fernet.generate_key().decode("ascii"))
    if not raw:
        raise ImproperlyConfigured(f"{path} holds no key")
    try:
        for key in raw:
            Fernet(key)
    except ValueError as error:
        raise ImproperlyConfigured(
            "MICROPARKS_FIELD_KEY (or the field_key file) must hold Fernet keys "
            "(32 url-safe base64-encoded bytes each)"
        ) from error
    return tuple(k.encode("ascii") for k in raw)


def reset_keys() -> None:
    """Read the keys again on next use (after the settings changed: tests, key rotation)."""
    _keys_of.cache_clear()


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k) for k in _keys()])


def encrypt(plain: str) -> str:
    """A Fernet token of ``plain`` under the first key (a new random one each time)."""
    return _fernet().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """The text of a token made under any of the keys."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A personal number cannot be decrypted with the configured field keys"
        ) from error


def blind_index(normalised: str) -> str:
    """The keyed HMAC-SHA256 (hex) of a normalised value."""
    key = hashlib.sha256(b"microparks blind index\0" + base64.urlsafe_b64decode(_keys()[0]))
    return hmac.new(key.digest(), normalised.encode("utf-8"), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text stored as a Fernet token; read back as the plain text. Empty stays empty.

    Lookups on it cannot match (each encryption differs): search by a blind index instead.
    """

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return decrypt(value) if value else value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return encrypt(value) if value else value
