# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Encryption of the data parameter of Paya's hosted payment page.

"All data that is passed in to the Hosted Payment Page needs to be encrypted
using the HPP Encryption Key" (HostedPaymentPage/README.md, Data Encryption):
the JSON is encrypted as OpenSSL's ``enc -aes-256-cbc -md md5`` and CryptoJS's
``AES.encrypt(data, passphrase)`` do: an 8-byte random salt, key and IV derived
with EVP_BytesToKey (MD5, one round), PKCS#7 padding, and
``base64("Salted__" + salt + ciphertext)``.
"""

import base64
import hashlib
import json
import os

from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

SALT_HEADER = b"Salted__"


def _derive_key_and_iv(passphrase, salt):
    """EVP_BytesToKey(MD5, 1 round): 32 bytes of key, then 16 of IV."""
    derived, block = b"", b""
    while len(derived) < 48:
        block = hashlib.md5(block + passphrase + salt).digest()
        derived += block
    return derived[:32], derived[32:48]


def encrypt_hpp_data(payload, passphrase, salt=None):
    """Return the base64 text of ``payload`` (a dict) encrypted for the page.

    The caller URL-encodes it (a GET form does) as the ``data`` parameter.
    """
    salt = salt if salt is not None else os.urandom(8)
    key, iv = _derive_key_and_iv(passphrase.encode(), salt)
    padder = padding.PKCS7(128).padder()
    plain = json.dumps(payload, separators=(",", ":")).encode()
    padded = padder.update(plain) + padder.finalize()
    encryptor = Cipher(
        algorithms.AES(key), modes.CBC(iv), backend=default_backend()
    ).encryptor()
    cipher = encryptor.update(padded) + encryptor.finalize()
    return base64.b64encode(SALT_HEADER + salt + cipher).decode()
