"""One-click unsubscribing (RFC 8058): a mail client POSTs `List-Unsubscribe=One-Click` to the link in a mail's
List-Unsubscribe header, without the CSRF token a browser form carries: the link's 256-bit secret is the proof. A GET
only asks (link scanners open every link in a mail), and any other POST must carry the form's CSRF token.

Views take it with `@csrf.exempt` under their route and call `one_click_request()` first."""
from flask import request

from ..extensions import csrf

HEADER_VALUE = "List-Unsubscribe=One-Click"  # the List-Unsubscribe-Post header, and what the client posts


def one_click_request() -> bool:
    """True for a mail client's one-click POST; any other POST without a valid CSRF token ends in a 400."""
    if request.method != "POST":
        return False
    if request.form.get("List-Unsubscribe") == "One-Click":
        return True
    csrf.protect()
    return False
