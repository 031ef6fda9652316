"""Placeholders in a mailing's subject and text: `{vorname}` and friends. Checked when the coordinator writes the
text (an unknown one is a form error that names it), filled in per recipient."""
from string import Formatter

from flask_babel import lazy_gettext as _l

PERSON_FIELDS = {
    "vorname": _l("Vorname"),
    "nachname": _l("Nachname"),
    "name": _l("Vor- und Nachname"),
}
EVENT_FIELDS = {
    "veranstaltung": _l("Titel der Veranstaltung"),
    "datum": _l("Datum und Uhrzeit der Veranstaltung"),
    "ort": _l("Ort der Veranstaltung"),
    "link": _l("persönlicher Link zur eigenen Anmeldung"),
    "online_link": _l("Link zum Online-Raum (nur für bestätigte Online-Teilnehmende, sonst leer)"),
}


class PlaceholderError(ValueError):
    """The text cannot be filled in; the message says what is wrong (for the form)."""


def allowed_fields(for_event: bool) -> dict:
    return {**PERSON_FIELDS, **EVENT_FIELDS} if for_event else dict(PERSON_FIELDS)


def used(text: str) -> set[str]:
    """The placeholder names in the text (assumes it passed `check`)."""
    return {name for _literal, name, _spec, _conversion in Formatter().parse(text) if name}


def check(text: str, allowed: dict) -> None:
    """Raise PlaceholderError naming the first unknown placeholder or unmatched brace."""
    from flask_babel import gettext as _
    try:
        parts = list(Formatter().parse(text))
    except ValueError as error:
        raise PlaceholderError(_("Eine geschweifte Klammer hat kein Gegenstück. Für eine Klammer selbst schreiben "
                                 "Sie {{ oder }}.")) from error
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in allowed or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise PlaceholderError(_("Unbekannter Platzhalter %(placeholder)s. Möglich sind: %(allowed)s.",
                                     placeholder=shown,
                                     allowed=", ".join("{" + known + "}" for known in allowed)))


def fill(text: str, values: dict[str, str]) -> str:
    """The text with its placeholders filled in; only checked texts come here, so only plain names occur."""
    return text.format_map(values)


class _AsWritten(dict):
    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


def fill_given(text: str, values: dict[str, str]) -> str:
    """The text with the given placeholders filled in and every other one left as written (`{vorname}` stays)."""
    return text.format_map(_AsWritten(values))
