"""Encryption at rest for what applicants write and upload.

Documents in the private storage and the long answers in the database are encrypted with
Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) under the keys in
`settings.ENCRYPTION_KEYS`: the first encrypts, every key decrypts, so a key is rotated by
putting a new one first, running `manage.py rotate_encryption_keys`, then removing the old
one. Fields used to filter, search or keep one application per address (email, name,
organisation, country, choices) stay plain; SECURITY.md says which.
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

__all__ = ["EncryptedTextField", "InvalidToken", "decrypt", "encrypt", "is_encrypted", "rotate"]

# Stored before a field's ciphertext, so that a value is known to be encrypted.
PREFIX = "fernet:"


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.ENCRYPTION_KEYS])


def encrypt(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt(token: bytes) -> bytes:
    """The plain bytes; raises InvalidToken if no key opens them (or they were altered)."""
    return _fernet().decrypt(token)


def is_encrypted(data: bytes) -> bool:
    """Whether `data` looks like a Fernet token (version byte 0x80, base64: "gAAAAA")."""
    return data.startswith(b"gAAAAA")


def rotate(token: bytes) -> bytes:
    """The same plain bytes, encrypted again under the first key."""
    return _fernet().rotate(token)


class EncryptedTextField(models.TextField):
    """A text column holding Fernet ciphertext; Python code sees the plain text.

    Ciphertext differs at every save, so the field cannot be filtered or searched on. An
    empty answer stays empty (it says nothing), and a plain value written before the field
    was encrypted is read as it is until the migration or a rotation encrypts it.

    Every other value is encrypted, whatever it begins with: Python code only ever holds
    plain text here (values are decrypted as they are read), so an answer that happens to
    begin with the prefix is an answer, not ciphertext.
    """

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return PREFIX + encrypt(value.encode()).decode("ascii")

    def from_db_value(self, value, expression, connection):
        if value is None or not value.startswith(PREFIX):
            return value
        return decrypt(value.removeprefix(PREFIX).encode("ascii")).decode()
