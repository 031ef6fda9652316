"""The demo world of "Ankommen in Deutschland": Kommunen, partners, name parts, agendas.

Kommunen and organisation types follow the public programme texts; every person is invented. Names in
the background texts belong to real people and must never appear here.
"""
from datetime import date

NETWORK = {
    "name": "Ankommen in Deutschland",
    "privacy_text": (
        "Das Programmbüro verarbeitet Ihre Angaben nur, um die Veranstaltung durchzuführen (Teilnahmeliste, "
        "Namensschild, Tischgruppen). Nach Ablauf der Aufbewahrungsfrist werden sie anonymisiert. Sie können "
        "Ihre Anmeldung jederzeit über Ihren persönlichen Link ändern oder stornieren."
    ),
    "slug": "ankommen-in-deutschland",
    "description": (
        "Lernnetzwerk zur Arbeitsmarktintegration von Geflüchteten: Kommunen aus Nordrhein-Westfalen, "
        "Baden-Württemberg, Bayern, dem Saarland und Hessen erarbeiten mit Jobcenter, Agentur für Arbeit, "
        "Kommunalverwaltung, Kammern, Wohlfahrtsverbänden und Ehrenamtlichen, wie Geflüchtete schneller "
        "in Ausbildung und Arbeit kommen – und teilen Erfahrungen, Good Practice und Formate."
    ),
    "contact_name": "Miriam Osterkamp",
    "contact_email": "miriam.osterkamp@ankommen.example.org",
    "contact_phone": "+49 30 23125 100",
    "website": "https://ankommen.example.org",
}

COORDINATOR = {"email": "koordination@ankommen.example", "name": "Miriam Osterkamp"}
SERVED_AT = "http://127.0.0.1:5000"  # flask run's default; `make run` says where it serves

PILOT_PHASE = "Pilotkommunen"
SECOND_PHASE = "2. Phase"

# (name, kind, Bundesland, phase, joined on)
KOMMUNEN = [
    ("Krefeld", "Stadt", "Nordrhein-Westfalen", PILOT_PHASE, date(2016, 9, 1)),
    ("Landkreis Oberallgäu", "Landkreis", "Bayern", PILOT_PHASE, date(2016, 10, 1)),
    ("Freiburg im Breisgau", "Stadt", "Baden-Württemberg", PILOT_PHASE, date(2016, 11, 15)),
    ("Merzig", "Stadt", "Saarland", PILOT_PHASE, date(2017, 1, 16)),
    ("Kreis Düren", "Kreis", "Nordrhein-Westfalen", SECOND_PHASE, date(2018, 3, 1)),
    ("Münster", "Stadt", "Nordrhein-Westfalen", SECOND_PHASE, date(2018, 3, 1)),
    ("Kreis Viersen", "Kreis", "Nordrhein-Westfalen", SECOND_PHASE, date(2018, 3, 1)),
    ("Rhein-Kreis Neuss", "Kreis", "Nordrhein-Westfalen", SECOND_PHASE, date(2018, 3, 1)),
    ("Hochtaunuskreis", "Landkreis", "Hessen", SECOND_PHASE, date(2018, 3, 15)),
    ("Landkreis Fulda", "Landkreis", "Hessen", SECOND_PHASE, date(2018, 3, 15)),
    ("Landkreis Kassel", "Landkreis", "Hessen", SECOND_PHASE, date(2018, 3, 15)),
    ("Werra-Meißner-Kreis", "Landkreis", "Hessen", SECOND_PHASE, date(2018, 3, 15)),
    ("Gießen", "Stadt", "Hessen", SECOND_PHASE, date(2018, 3, 15)),
    ("Kreis Darmstadt-Dieburg", "Landkreis", "Hessen", SECOND_PHASE, date(2018, 3, 15)),
]

FOUNDATION = "Bertelsmann Stiftung"

# (name, type, Kommune or None for regional and national partners)
ORGANISATIONS = [
    ("Jobcenter Krefeld", "Jobcenter", "Krefeld"),
    ("Jobcenter Oberallgäu", "Jobcenter", "Landkreis Oberallgäu"),
    ("Jobcenter Freiburg", "Jobcenter", "Freiburg im Breisgau"),
    ("Jobcenter Landkreis Merzig-Wadern", "Jobcenter", "Merzig"),
    ("Jobcenter Kreis Düren", "Jobcenter", "Kreis Düren"),
    ("Jobcenter Münster", "Jobcenter", "Münster"),
    ("Jobcenter Rhein-Kreis Neuss", "Jobcenter", "Rhein-Kreis Neuss"),
    ("Jobcenter Landkreis Kassel", "Jobcenter", "Landkreis Kassel"),
    ("Kreisagentur für Beschäftigung Darmstadt-Dieburg", "Jobcenter", "Kreis Darmstadt-Dieburg"),
    ("Agentur für Arbeit Krefeld", "Agentur für Arbeit", "Krefeld"),
    ("Agentur für Arbeit Kempten-Memmingen", "Agentur für Arbeit", "Landkreis Oberallgäu"),
    ("Agentur für Arbeit Freiburg", "Agentur für Arbeit", "Freiburg im Breisgau"),
    ("Agentur für Arbeit Saarland", "Agentur für Arbeit", None),
    ("Agentur für Arbeit Kassel", "Agentur für Arbeit", "Landkreis Kassel"),
    ("Agentur für Arbeit Bad Hersfeld-Fulda", "Agentur für Arbeit", "Landkreis Fulda"),
    ("Stadt Freiburg – Amt für Migration und Integration", "Kommunalverwaltung", "Freiburg im Breisgau"),
    ("Stadt Krefeld – Fachbereich Soziales", "Kommunalverwaltung", "Krefeld"),
    ("Landratsamt Oberallgäu – Asyl und Integration", "Kommunalverwaltung", "Landkreis Oberallgäu"),
    ("Kreisstadt Merzig – Integrationsbüro", "Kommunalverwaltung", "Merzig"),
    ("Landkreis Kassel – Integrationsmanagement", "Kommunalverwaltung", "Landkreis Kassel"),
    ("Hochtaunuskreis – Fachbereich Migration", "Kommunalverwaltung", "Hochtaunuskreis"),
    ("Landkreis Fulda – Fachdienst Integration", "Kommunalverwaltung", "Landkreis Fulda"),
    ("Werra-Meißner-Kreis – Fachdienst Migration", "Kommunalverwaltung", "Werra-Meißner-Kreis"),
    ("Universitätsstadt Gießen – Büro für Integration", "Kommunalverwaltung", "Gießen"),
    ("Kreis Darmstadt-Dieburg – Fachbereich Integration", "Kommunalverwaltung", "Kreis Darmstadt-Dieburg"),
    ("Kommunales Integrationszentrum Krefeld", "Kommunales Integrationszentrum", "Krefeld"),
    ("Kommunales Integrationszentrum Kreis Düren", "Kommunales Integrationszentrum", "Kreis Düren"),
    ("Kommunales Integrationszentrum Münster", "Kommunales Integrationszentrum", "Münster"),
    ("Kommunales Integrationszentrum Kreis Viersen", "Kommunales Integrationszentrum", "Kreis Viersen"),
    ("Kommunales Integrationszentrum Rhein-Kreis Neuss", "Kommunales Integrationszentrum", "Rhein-Kreis Neuss"),
    ("IHK Kassel-Marburg", "IHK", "Landkreis Kassel"),
    ("IHK Mittlerer Niederrhein", "IHK", None),
    ("IHK Südlicher Oberrhein", "IHK", "Freiburg im Breisgau"),
    ("IHK Fulda", "IHK", "Landkreis Fulda"),
    ("Handwerkskammer Kassel", "Handwerkskammer", "Landkreis Kassel"),
    ("Handwerkskammer Düsseldorf", "Handwerkskammer", None),
    ("Handwerkskammer Freiburg", "Handwerkskammer", "Freiburg im Breisgau"),
    ("Handwerkskammer des Saarlandes", "Handwerkskammer", None),
    ("Caritasverband Krefeld", "Wohlfahrtsverband", "Krefeld"),
    ("Caritasverband Kempten-Oberallgäu", "Wohlfahrtsverband", "Landkreis Oberallgäu"),
    ("Diakonie Hochtaunus", "Wohlfahrtsverband", "Hochtaunuskreis"),
    ("Diakonie Werra-Meißner", "Wohlfahrtsverband", "Werra-Meißner-Kreis"),
    ("AWO Kreisverband Merzig-Wadern", "Wohlfahrtsverband", "Merzig"),
    ("AWO Kreisverband Gießen", "Wohlfahrtsverband", "Gießen"),
    ("Lernwerk Niederrhein gGmbH", "Bildungsträger", "Kreis Viersen"),
    ("Sprachinstitut Mosaik Freiburg", "Bildungsträger", "Freiburg im Breisgau"),
    ("Qualifizierungszentrum Fulda-Rhön gGmbH", "Bildungsträger", "Landkreis Fulda"),
    ("Willkommensnetz Krefeld e. V.", "Ehrenamt/Initiative", "Krefeld"),
    ("Helferkreis Asyl Sonthofen", "Ehrenamt/Initiative", "Landkreis Oberallgäu"),
    ("Freundeskreis Neue Nachbarn Merzig", "Ehrenamt/Initiative", "Merzig"),
    ("Berufspaten Nordhessen e. V.", "Ehrenamt/Initiative", "Landkreis Kassel"),
    ("IQ Netzwerk Hessen", "IQ Netzwerk", None),
    ("IQ Netzwerk NRW", "IQ Netzwerk", None),
    ("IQ Netzwerk Saarland", "IQ Netzwerk", None),
    (FOUNDATION, "Stiftung", None),
    ("Nordhessen Logistik Lohfelden GmbH", "Unternehmen", "Landkreis Kassel"),
    ("Elektro Brandner Meisterbetrieb", "Unternehmen", "Landkreis Fulda"),
    ("Gasthof Sonnenhalde", "Unternehmen", "Landkreis Oberallgäu"),
    ("Hochbau Reinartz GmbH", "Unternehmen", "Kreis Düren"),
    ("Pflegeteam Rheinaue gGmbH", "Unternehmen", "Rhein-Kreis Neuss"),
    ("Metallbau Saar-Hunsrück GmbH", "Unternehmen", "Merzig"),
    ("Malerbetrieb Kessler & Yıldız", "Unternehmen", "Gießen"),
    ("Evaluationsbüro Perspektivwechsel", "Sonstige", None),
]

# Weights for the people beyond the first at each organisation: larger offices send more.
STAFF_WEIGHTS = {
    "Jobcenter": 4, "Agentur für Arbeit": 3, "Kommunalverwaltung": 4, "Kommunales Integrationszentrum": 4,
    "IHK": 2, "Handwerkskammer": 2, "Wohlfahrtsverband": 3, "Bildungsträger": 2, "Ehrenamt/Initiative": 2,
    "IQ Netzwerk": 2, "Stiftung": 3, "Unternehmen": 1, "Sonstige": 1,
}

# Functions per organisation type: the first person at an organisation holds the first (the contact
# or lead), everyone else one of the rest. ":in" and ":r" become the female or male form (see services).
FUNCTIONS = {
    "Jobcenter": ["Teamleitung", "Fallmanager:in", "Arbeitsvermittler:in", "Integrationscoach", "Sachbearbeitung"],
    "Agentur für Arbeit": ["Teamleitung", "Arbeitsvermittler:in", "Berufsberater:in", "Vermittlungsfachkraft"],
    "Kommunalverwaltung": [
        "Integrationsmanager:in", "Integrationsbeauftragte:r", "Sachbearbeitung",
        "Bildungskoordinator:in für Neuzugewanderte", "Ehrenamtskoordinator:in",
    ],
    "Kommunales Integrationszentrum": [
        "Leitung", "Integrationsmanager:in", "Bildungskoordinator:in", "Sachbearbeitung",
    ],
    "IHK": ["Projektleitung", "Ausbildungsberater:in", "Berater:in Fachkräftesicherung"],
    "Handwerkskammer": ["Projektleitung", "Ausbildungsberater:in", "Berater:in Passgenaue Besetzung"],
    "Wohlfahrtsverband": ["Bereichsleitung", "Migrationsberater:in", "Ehrenamtskoordinator:in", "Sozialarbeiter:in"],
    "Bildungsträger": ["Geschäftsführung", "Kursleitung", "Jobcoach", "Dozent:in Deutsch als Zweitsprache"],
    "Ehrenamt/Initiative": ["Vorsitz", "Ehrenamtskoordinator:in", "Mentor:in", "Koordination Sprachcafé"],
    "IQ Netzwerk": ["Projektkoordination", "Anerkennungsberater:in", "Berater:in Qualifizierung"],
    "Stiftung": ["Programmdirektor:in", "Senior Projektmanager:in", "Projektmanager:in", "Projektassistenz"],
    "Unternehmen": ["Geschäftsführung", "Personalreferent:in", "Ausbilder:in", "Betriebsleitung"],
    "Sonstige": ["Projektleitung", "Evaluator:in", "Wissenschaftliche:r Mitarbeiter:in"],
}
COORDINATOR_FUNCTION = "Projektmanager:in"

PEOPLE_COUNT = 150
RANDOM_SEED = 2016
PHONE_PREFIX = "+49 30 23125"  # reserved by the Bundesnetzagentur for fiction: never rings anyone

# Origins with (weight, female given names, male given names, family names), as people write them in Germany.
NAME_POOLS = {
    "deutsch": (58, [
        "Katharina", "Julia", "Sabine", "Monika", "Lena", "Sophie", "Claudia", "Birgit", "Nicole", "Franziska",
        "Susanne", "Marlene", "Ute", "Carolin", "Theresa", "Heike", "Anja", "Verena", "Jana", "Ines",
        "Annika", "Dorothea", "Kerstin", "Friederike", "Svenja", "Martina", "Lea", "Gesine",
    ], [
        "Thomas", "Michael", "Stefan", "Jürgen", "Markus", "Tobias", "Andreas", "Christian", "Daniel", "Jens",
        "Matthias", "Florian", "Uwe", "Sebastian", "Lukas", "Jan", "Holger", "Bernd", "Felix", "Rainer",
        "Dirk", "Hendrik", "Oliver", "Torsten", "Moritz", "Konstantin", "Volker", "Nils",
    ], [
        "Bergmann", "Lindner", "Hoffmann", "Krüger", "Schulte", "Wagner", "Brandt", "Vogt", "Kuhlmann", "Ebert",
        "Meißner", "Hartmann", "Lorenz", "Sauer", "Winkler", "Franke", "Haas", "Dietrich", "Engel", "Röder",
        "Albers", "Kemper", "Böhm", "Seidel", "Janssen", "Thiel", "Kowalski", "Heinrichs", "Ostermann", "Pohl",
        "Grewe", "Strunk", "Hülsmann", "Niehaus", "Brinkmann", "Wittig", "Lehnert", "Fuchs", "Scholz", "Kampmann",
        "Dreher", "Sommer", "Weißbach", "Achterberg", "Nowak", "Pietsch", "Kranz", "Vollmer", "Eckert", "Lange",
    ]),
    "türkisch": (14, [
        "Ayşe", "Elif", "Zeynep", "Fatma", "Derya", "Melek", "Selin", "Esra",
    ], [
        "Mehmet", "Emre", "Murat", "Hakan", "Kemal", "Serkan", "Cem", "Okan",
    ], [
        "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Arslan", "Koç", "Aydın", "Doğan", "Kılıç", "Erdem",
    ]),
    "arabisch": (12, [
        "Rania", "Lina", "Yasmin", "Nour", "Huda", "Samira", "Dalia", "Maryam",
    ], [
        "Ahmad", "Omar", "Khaled", "Samir", "Mahmoud", "Youssef", "Tarek", "Bilal",
    ], [
        "Haddad", "Al-Khatib", "Mansour", "Darwish", "Nasser", "Abboud", "Hamdan", "Saleh", "Al-Hassan", "Qasim",
    ]),
    "persisch": (8, [
        "Shirin", "Leila", "Parisa", "Mahsa", "Nasrin", "Roya",
    ], [
        "Dariush", "Arash", "Navid", "Mehdi", "Kaveh", "Reza",
    ], [
        "Rahimi", "Karimi", "Hosseini", "Moradi", "Ahmadi", "Jafari", "Sadeghi", "Tehrani", "Rostami",
    ]),
    "ukrainisch": (8, [
        "Oksana", "Olena", "Iryna", "Yuliia", "Nataliia", "Kateryna",
    ], [
        "Andrii", "Dmytro", "Taras", "Oleksandr", "Serhii", "Bohdan",
    ], [
        "Kovalenko", "Bondarenko", "Melnyk", "Tkachenko", "Kravchenko", "Boiko", "Marchenko", "Savchuk", "Lysenko",
    ]),
}

# Agenda speakers: key -> (organisation, n) names the n-th person seeded there (0 holds the organisation's
# first function, see FUNCTIONS); "koordination" is the network's coordinator.
SPEAKERS = {
    "stiftung": (FOUNDATION, 0),
    "stiftung_team": (FOUNDATION, 1),
    "krefeld": ("Kommunales Integrationszentrum Krefeld", 0),
    "oberallgaeu": ("Landratsamt Oberallgäu – Asyl und Integration", 0),
    "freiburg": ("Stadt Freiburg – Amt für Migration und Integration", 0),
    "merzig": ("Kreisstadt Merzig – Integrationsbüro", 0),
    "kassel": ("Landkreis Kassel – Integrationsmanagement", 0),
    "fulda": ("Landkreis Fulda – Fachdienst Integration", 0),
    "duren": ("Kommunales Integrationszentrum Kreis Düren", 0),
    "iq_hessen": ("IQ Netzwerk Hessen", 0),
    "iq_saar": ("IQ Netzwerk Saarland", 1),
    "hwk_saar": ("Handwerkskammer des Saarlandes", 1),
    "jobcenter_merzig": ("Jobcenter Landkreis Merzig-Wadern", 0),
    "evaluation": ("Evaluationsbüro Perspektivwechsel", 0),
    "ihk_kassel": ("IHK Kassel-Marburg", 0),
}

GUETERSLOH_VENUE = ("Tagungshaus am Stadtpark", "Parkstraße 14\n33332 Gütersloh", 51.9063, 8.3786)
DUESSELDORF_VENUE = ("Tagungszentrum Rheinblick", "Rheinuferpromenade 21\n40213 Düsseldorf", 51.2254, 6.7727)
MERZIG_VENUE = ("Saargauhalle Merzig", "Zur Stadthalle 4\n66663 Merzig", 49.4431, 6.6372)

FILM_TITLE = "Die Mitte erreichen – Geschichten vom Ankommen"
CLOSING_MEETING_TITLE = "Lernnetzwerktreffen: Abschluss der Pilotkommunen"  # gets a published table plan

# Agenda items: (start, end, title, kind, speaker keys, free-text speakers, room, description)
CLOSING_MEETING_AGENDA = [
    ("10:00", "10:20", "Begrüßung", "Begrüßung", ["stiftung"], "", "Saal Gütersloh",
     "Rückblick auf die Prozessbegleitung und Wunsch nach weiterer Vernetzung der Kommunen."),
    ("10:20", "11:00", f"Film: „{FILM_TITLE}“", "Film", [], "Medienwerkstatt Brückenschlag", "Saal Gütersloh",
     "Kurzfilm mit Einführung: wie man die Mitte der Gesellschaft für das Thema Migration gewinnt."),
    ("11:00", "12:15", "Tischgruppen: Highlights, Lernerfahrungen und gute Stories", "Tischgruppen", [], "",
     "Foyer", "Austausch der Pilotkommunen über die Zeit der Prozessbegleitung vor Ort."),
    ("12:15", "13:15", "Mittagspause", "Pause", [], "", "Foyer", ""),
    ("13:15", "14:15", "Berichte aus den Pilotkommunen", "Vortrag",
     ["krefeld", "oberallgaeu", "freiburg", "merzig"], "", "Saal Gütersloh",
     "Schule und Berufskolleg für alle geflüchteten Kinder, individuelle Begleitung in Arbeit, "
     "die Migrationsmesse in Merzig."),
    ("14:15", "14:45", "Berufliche Kompetenzen erkennen: Instrumente im Überblick", "Vortrag", ["koordination"], "",
     "Saal Gütersloh", ""),
    ("14:45", "15:30", "Rollenspiel: Berufserfahrung sichtbar machen", "Rollenspiel", [], "", "Seminarräume 1–3",
     "Ein Online-Werkzeug zur Selbsteinschätzung wird in Beratungsgesprächen ausprobiert."),
    ("15:30", "15:45", "Kaffeepause", "Pause", [], "", "Foyer", ""),
    ("15:45", "16:15", "Engagierte in der Arbeitsmarktintegration", "Vortrag", ["stiftung_team"], "", "Saal Gütersloh",
     "Welche Rolle Ehrenamtliche spielen und wie die lokale Koordination sie einbindet."),
    ("16:15", "16:30", "Abschluss und Ausblick", "Sonstiges", ["koordination"], "", "Saal Gütersloh", ""),
]

CONFERENCE_AGENDA = [
    ("09:30", "10:00", "Ankommen und Anmeldung", "Sonstiges", [], "", "Foyer", ""),
    ("10:00", "10:20", "Begrüßung", "Begrüßung", [], "Städtetag und Landesministerien", "Rheinsaal", ""),
    ("10:20", "11:00", "Arbeitsmarktintegration gelingt vor Ort", "Impulsreferat", ["stiftung"], "", "Rheinsaal",
     "Spracherwerb als Grundvoraussetzung und die integrative Kraft von Wirtschaft und Stadtgesellschaft."),
    ("11:00", "11:15", "Kaffeepause", "Pause", [], "", "Foyer", ""),
    ("11:15", "12:30", "Good Practice: Ein Haus für alle Integrationsangebote", "Vortrag", ["krefeld", "duren"], "",
     "Rheinsaal", "Kooperationsvertrag zwischen Stadt, Jobcenter und Arbeitsagentur."),
    ("12:30", "13:30", "Mittagspause", "Pause", [], "", "Foyer", ""),
    ("13:30", "14:45", "Tischgruppen: Unkonventionelle Lösungen", "Tischgruppen", [], "", "Rheinsaal",
     "Kommunen, Jobcenter, Kammern und Verbände tauschen Beispiele aus."),
    ("14:45", "15:45", "Podium: Wirtschaft als Integrationsmotor", "Podium", ["ihk_kassel"],
     "Vertreter:innen von Handwerkskammer und Wohlfahrtsverbänden", "Rheinsaal", ""),
    ("15:45", "16:00", "Zusammenfassung und Verabschiedung", "Sonstiges", ["stiftung"], "", "Rheinsaal", ""),
]

NETWORK_MEETING_AGENDA = [
    ("10:00", "10:30", "Begrüßung", "Begrüßung", ["stiftung"], "", "Saal Gütersloh",
     "Die besondere Bedeutung der Kommunen im Integrationsprozess: Diskussion von unten nach oben."),
    ("10:30", "11:30", "Gelingensfaktoren aus kommunaler Sicht", "Vortrag", ["kassel", "fulda"], "",
     "Saal Gütersloh", "Kooperation über Verwaltungsebenen hinweg, Langzeitberatung und Case Management."),
    ("11:30", "12:30", "Tischgruppen: Veränderungen und Wirkungen vor Ort", "Tischgruppen", [], "", "Foyer",
     "Konkrete Beispiele aus den Kommunen der 2. Phase."),
    ("12:30", "13:30", "Mittagspause", "Pause", [], "", "Foyer", ""),
    ("13:30", "14:15", "Evaluation der Prozessergebnisse", "Impulsreferat", ["evaluation"], "", "Saal Gütersloh", ""),
    ("14:15", "15:15", "Empfehlungen an Bund und Land", "Podium", ["iq_hessen", "kassel"], "", "Saal Gütersloh", ""),
    ("15:15", "15:30", "Abschluss", "Sonstiges", ["koordination"], "", "Saal Gütersloh", ""),
]

FAIR_AGENDA = [
    ("10:00", "10:30", "Eröffnung der Migrationsmesse", "Begrüßung", ["merzig", "jobcenter_merzig"], "", "Halle", ""),
    ("10:30", "15:30", "Messe: Praktika, Ausbildung und Stellen", "Sonstiges", [], "Ausstellende Unternehmen",
     "Halle", "Unternehmen aus Handwerk, Pflege, Logistik und Gastronomie stellen sich an ihren Ständen vor."),
    ("11:00", "11:45", "Ausländische Berufsabschlüsse anerkennen lassen", "Vortrag", ["iq_saar"], "",
     "Seminarraum 1", "Mit Sprachmittlung Arabisch, Dari/Farsi und Ukrainisch."),
    ("13:00", "13:45", "Ausbildung im Handwerk", "Vortrag", ["hwk_saar"], "", "Seminarraum 1", ""),
    ("15:30", "16:00", "Abschluss und Dank an die Ausstellenden", "Sonstiges", ["merzig"], "", "Halle", ""),
]

# Events lie relative to the day of seeding, moved to the given weekday (0 = Monday) on or after it.
# Registration: (opens, closes) in days before the event day; None means no online registration.
EVENTS = [
    {
        "kind": "Lernnetzwerktreffen", "title": CLOSING_MEETING_TITLE,
        "days_from_today": -305, "weekday": 0, "starts": "10:00", "ends": "16:30",
        "venue": GUETERSLOH_VENUE, "capacity": 40, "status": "published", "registration": (42, 7),
        "agenda": CLOSING_MEETING_AGENDA,
        "description": (
            "Letztes Treffen der vier Pilotkommunen Krefeld, Landkreis Oberallgäu, Freiburg und Merzig zum "
            "Abschluss der Prozessbegleitung: Highlights, Lernerfahrungen und gute Stories – und wie die "
            "Vernetzung danach weitergeht."
        ),
    },
    {
        "kind": "Fachkonferenz", "title": "Fachkonferenz: Arbeitsmarktintegration vor Ort – Good Practice",
        "days_from_today": -215, "weekday": 1, "starts": "09:30", "ends": "16:00",
        "venue": DUESSELDORF_VENUE, "capacity": 100, "status": "published", "registration": (56, 10),
        "agenda": CONFERENCE_AGENDA,
        "description": (
            "Rund 100 Fachleute aus Städten, Kreisen, Jobcentern, Kammern, Arbeitgeber- und "
            "Wohlfahrtsverbänden diskutieren, wie Spracherwerb, Wirtschaft und Stadtgesellschaft die "
            "Arbeitsmarktintegration von Geflüchteten voranbringen."
        ),
    },
    {
        "kind": "Netzwerktreffen", "title": "Netzwerktreffen: Gelingensfaktoren der Arbeitsmarktintegration",
        "days_from_today": 21, "weekday": 3, "starts": "10:00", "ends": "15:30",
        "venue": GUETERSLOH_VENUE, "capacity": 60, "status": "published", "registration": (42, 4),
        "agenda": NETWORK_MEETING_AGENDA,
        "description": (
            "Die Kommunen der 2. Phase berichten, was die Arbeitsmarktintegration vor Ort gelingen lässt, "
            "und erarbeiten in Tischgruppen Empfehlungen an Bundes- und Landesebene."
        ),
    },
    {
        "kind": "Migrationsmesse", "title": "Migrationsmesse Merzig",
        "days_from_today": 42, "weekday": 2, "starts": "10:00", "ends": "16:00",
        "venue": MERZIG_VENUE, "capacity": 600, "status": "published", "registration": (56, 7),
        "agenda": FAIR_AGENDA,
        "description": (
            "Unternehmen, Kammern, Jobcenter und Beratungsstellen treffen rund 600 Geflüchtete: "
            "Praktika, Ausbildungsplätze und Stellen direkt am Stand, Beratung zur Anerkennung von Abschlüssen."
        ),
    },
    {
        "kind": "Fachkonferenz", "title": "Fachkonferenz {year}: Arbeitsmarktintegration gemeinsam gestalten",
        "days_from_today": 330, "weekday": 1, "starts": "09:30", "ends": "16:00",
        "venue": DUESSELDORF_VENUE, "capacity": 100, "status": "draft", "registration": None,
        "agenda": [],
        "description": "Entwurf: Programm und Referierende werden noch abgestimmt.",
    },
]
