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

# A registration's role on its badge: the coloured band. Colours are set per event (Event.badge_colours).
BADGE_ROLES = {
    "participant": _l("Teilnehmende"),
    "speaker": _l("Referent:in"),
    "team": _l("Team"),
    "exhibitor": _l("Aussteller"),
    "visitor": _l("Besucher:in"),
}
# Dark enough for white text (contrast at least 4.5:1).
DEFAULT_BADGE_COLOURS = {
    "participant": "#1f5f8b",
    "speaker": "#8a2b06",
    "team": "#22543d",
    "exhibitor": "#5b2a86",
    "visitor": "#7a4b00",
}

PRINT_JOB_STATUSES = {
    "queued": _l("Wartet"),
    "running": _l("Wird erstellt"),
    "done": _l("Fertig"),
    "failed": _l("Fehlgeschlagen"),
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


# --- Migrationsmesse ---------------------------------------------------------------------------------------

FAIR_SECTORS = {
    "Logistik": _l("Logistik"),
    "Handwerk": _l("Handwerk"),
    "Gastronomie": _l("Gastronomie"),
    "Bau": _l("Bau"),
    "Pflege": _l("Pflege"),
    "Handel": _l("Handel"),
    "Industrie": _l("Industrie"),
    "IT": _l("IT"),
    "Öffentlicher Dienst": _l("Öffentlicher Dienst"),
    "Sonstige": _l("Sonstige"),
}

OFFER_TYPES = {
    "Praktikum": _l("Praktikum"),
    "Ausbildung": _l("Ausbildung"),
    "Einstiegsqualifizierung": _l("Einstiegsqualifizierung"),
    "Stelle": _l("Stelle"),
}

# What came of an interview or contact at a Migrationsmesse, recorded afterwards ("nichts" first).
FAIR_OUTCOMES = {
    "nichts": _l("Nichts"),
    "Praktikum": _l("Praktikum"),
    "Einstiegsqualifizierung": _l("Einstiegsqualifizierung"),
    "Ausbildung": _l("Ausbildung"),
    "Stelle": _l("Stelle"),
}

# CEFR levels in order; "none" as an offer's requirement means no German is needed.
GERMAN_LEVELS = {
    "none": _l("keine Deutschkenntnisse"),
    "A1": _l("A1 (Anfänger)"),
    "A2": _l("A2 (Grundkenntnisse)"),
    "B1": _l("B1 (Mittelstufe)"),
    "B2": _l("B2 (gute Mittelstufe)"),
    "C1": _l("C1 (fortgeschritten)"),
    "C2": _l("C2 (sehr gut)"),
}

# Languages visitors speak, by their German names; the forms show each in the page's language.
VISITOR_LANGUAGES = {
    "Arabisch": _l("Arabisch"),
    "Dari": _l("Dari"),
    "Farsi": _l("Farsi"),
    "Paschtu": _l("Paschtu"),
    "Kurdisch": _l("Kurdisch"),
    "Tigrinya": _l("Tigrinya"),
    "Somali": _l("Somali"),
    "Ukrainisch": _l("Ukrainisch"),
    "Russisch": _l("Russisch"),
    "Türkisch": _l("Türkisch"),
    "Englisch": _l("Englisch"),
    "Französisch": _l("Französisch"),
    "Deutsch": _l("Deutsch"),
}

COMPANY_SIZES = {
    "1-9": _l("1–9 Beschäftigte"),
    "10-49": _l("10–49 Beschäftigte"),
    "50-249": _l("50–249 Beschäftigte"),
    "250+": _l("250 und mehr Beschäftigte"),
}

EXHIBITOR_STATES = {
    "requested": _l("Angefragt"),
    "confirmed": _l("Bestätigt"),
    "waitlisted": _l("Warteliste"),
    "cancelled": _l("Storniert"),
}

BOOTH_STATUSES = {
    "free": _l("Frei"),
    "reserved": _l("Reserviert"),
    "confirmed": _l("Belegt"),
    "blocked": _l("Gesperrt"),
}

INTERVIEW_MODES = {
    "off": _l("Keine Gesprächstermine"),
    "planned": _l("Wünsche sammeln, die Koordination plant"),
    "self_booking": _l("Besucher:innen buchen freie Zeiten selbst"),
}
