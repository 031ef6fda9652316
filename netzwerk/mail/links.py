"""Secret links in outbox mails: the stored body holds a placeholder, the link itself is kept encrypted
(Fernet, key derived from SECRET_KEY) until the sender puts it in at send time and then forgets it.

So neither the Postausgang page nor a copy of the database hands out a working self-service link.
"""
import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from flask_babel import gettext as _
from markupsafe import escape

# Only characters that neither HTML escaping nor a URL changes, so it survives both templates unchanged.
LINK_PLACEHOLDER = "[[netzwerk:personal-link]]"
# Mailings and invitations also carry a personal unsubscribe link: sealed together with the personal link, one per
# line; the sender also puts it into the List-Unsubscribe header.
UNSUBSCRIBE_PLACEHOLDER = "[[netzwerk:unsubscribe-link]]"

__all__ = ["LINK_PLACEHOLDER", "UNSUBSCRIBE_PLACEHOLDER", "InvalidToken", "body_as_sent", "put_link_in", "seal",
           "shown", "unseal", "unsubscribe_link"]


@lru_cache(maxsize=8)
def _fernet_for(secret_key: str | bytes) -> Fernet:
    material = secret_key.encode() if isinstance(secret_key, str) else secret_key
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"netzwerk outbox secret links").derive(material)
    return Fernet(base64.urlsafe_b64encode(key))


def _fernet() -> MultiFernet:
    """The current SECRET_KEY encrypts; SECRET_KEY_FALLBACKS still decrypt what was queued before a rotation."""
    keys = [current_app.config["SECRET_KEY"], *(current_app.config.get("SECRET_KEY_FALLBACKS") or ())]
    return MultiFernet([_fernet_for(key) for key in keys if key])


def seal(link: str, unsubscribe: str = "") -> str:
    """The link (and an unsubscribe link) encrypted for the outbox row ("" for no link)."""
    both = f"{link}\n{unsubscribe}" if unsubscribe else link
    return _fernet().encrypt(both.encode()).decode() if both else ""


def unseal(sealed: str) -> str:
    """The link back; raises InvalidToken when it was sealed with another SECRET_KEY."""
    return _fernet().decrypt(sealed.encode()).decode() if sealed else ""


def unsubscribe_link(unsealed: str) -> str:
    """The unsubscribe link among the unsealed links ("" when the mail has none: transactional mails)."""
    return unsealed.partition("\n")[2]


def put_link_in(body: str, link: str, html: bool = False) -> str:
    """The unsealed links put in where the body holds their placeholders."""
    personal, _newline, unsubscribe = link.partition("\n")
    for placeholder, value in ((LINK_PLACEHOLDER, personal), (UNSUBSCRIBE_PLACEHOLDER, unsubscribe)):
        body = body.replace(placeholder, str(escape(value)) if html else value)
    return body


def shown(body: str) -> str:
    """The body as the Postausgang shows it: the placeholder named, never a working link."""
    return body.replace(LINK_PLACEHOLDER, _("[persönlicher Link]")).replace(UNSUBSCRIBE_PLACEHOLDER,
                                                                           _("[Link zum Abbestellen]"))


def body_as_sent(mail) -> str:
    """The plain-text body with the personal link put in, as the sender delivers it (while it still has it)."""
    return put_link_in(mail.body_text, unseal(mail.secret_link))
