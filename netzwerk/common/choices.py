"""Fixed vocabularies of the domain, stored as their German names (users say them that way)."""
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

KOMMUNE_KINDS = {
    "Stadt": _l("Stadt"),
    "Kreis": _l("Kreis"),
    "Landkreis": _l("Landkreis"),
    "Gemeinde": _l("Gemeinde"),
    "Verbandsgemeinde": _l("Verbandsgemeinde"),
}

BUNDESLAENDER = [
    "Baden-Württemberg", "Bayern", "Berlin", "Brandenburg", "Bremen", "Hamburg", "Hessen",
    "Mecklenburg-Vorpommern", "Niedersachsen", "Nordrhein-Westfalen", "Rheinland-Pfalz",
    "Saarland", "Sachsen", "Sachsen-Anhalt", "Schleswig-Holstein", "Thüringen",
]

ORGANISATION_TYPES = {
    "Jobcenter": _l("Jobcenter"),
    "Agentur für Arbeit": _l("Agentur für Arbeit"),
    "Kommunalverwaltung": _l("Kommunalverwaltung"),
    "Kommunales Integrationszentrum": _l("Kommunales Integrationszentrum"),
    "IHK": _l("IHK"),
    "Handwerkskammer": _l("Handwerkskammer"),
    "Wohlfahrtsverband": _l("Wohlfahrtsverband"),
    "Bildungsträger": _l("Bildungsträger"),
    "Ehrenamt/Initiative": _l("Ehrenamt/Initiative"),
    "IQ Netzwerk": _l("IQ Netzwerk"),
    "Stiftung": _l("Stiftung"),
    "Unternehmen": _l("Unternehmen"),
    "Sonstige": _l("Sonstige"),
}

EVENT_KINDS = {
    "Netzwerktreffen": _l("Netzwerktreffen"),
    "Lernnetzwerktreffen": _l("Lernnetzwerktreffen"),
    "Fachkonferenz": _l("Fachkonferenz"),
    "Migrationsmesse": _l("Migrationsmesse"),
    "Sonstiges": _l("Sonstiges"),
}

EVENT_STATUSES = {
    "draft": _l("Entwurf"),
    "published": _l("Veröffentlicht"),
    "cancelled": _l("Abgesagt"),
}

AGENDA_KINDS = {
    "Begrüßung": _l("Begrüßung"),
    "Impulsreferat": _l("Impulsreferat"),
    "Vortrag": _l("Vortrag"),
    "Film": _l("Film"),
    "Tischgruppen": _l("Tischgruppen"),
    "Rollenspiel": _l("Rollenspiel"),
    "Podium": _l("Podium"),
    "Pause": _l("Pause"),
    "Sonstiges": _l("Sonstiges"),
}

REGISTRATION_STATES = {
    "pending": _l("Wartet auf Freigabe"),
    "confirmed": _l("Bestätigt"),
    "waitlisted": _l("Warteliste"),
    "cancelled": _l("Storniert"),
    "attended": _l("Anwesend"),
}

QUESTION_KINDS = {
    "short_text": _l("Kurzer Text"),
    "long_text": _l("Langer Text"),
    "single_choice": _l("Einfachauswahl"),
    "multiple_choice": _l("Mehrfachauswahl"),
    "yes_no": _l("Ja/Nein"),
}

USER_ROLES = {
    "admin": _l("Administration"),
    "coordinator": _l("Koordination"),
    "checkin": _l("Check-in"),
}


def as_choices(options) -> list[SelectChoice]:
    """Options for a SelectField from a vocabulary dict, a list of words, or (value, label) pairs."""
    if isinstance(options, dict):
        options = options.items()
    return [SelectChoice(*option) if isinstance(option, tuple) else SelectChoice(option) for option in options]
