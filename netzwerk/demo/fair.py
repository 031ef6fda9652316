"""The demo's Migrationsmesse in Merzig: a hall with booths, 35 invented employers of every sector with their
offers, 600 invented visitors with their languages and German levels, their wishes, and a computed interview
schedule. Every company and person here is fictional."""
import random
from datetime import time, timedelta

from sqlalchemy import insert

from ..common.timing import local, to_instant, utcnow
from ..events.models import Event
from ..extensions import db
from ..fair.booking import auto_assign
from ..fair.interviews import run_scheduler
from ..fair.models import Booth, BoothType, Exhibitor, InterviewWish, Offer, VisitorProfile
from ..fair.services import new_token, stored_fair
from ..registrations.models import BadgeRole, Registration, RegistrationState
from ..registrations.tokens import issue_token, new_checkin_code

FAIR_SEED = 2018
VISITORS = 600
SUGGESTIONS = 3  # for visitors who named no employer

# (company, sector, size, interviewers, booth type, offers: (kind, title, German level, place))
EMPLOYERS = [
    ("Spedition Saarschleife GmbH", "Logistik", "50-249", 2, "3x2", [
        ("Ausbildung", "Fachkraft für Lagerlogistik", "B1", "Merzig"), ("Stelle", "Lagerhelfer:in", "A1", "Merzig")]),
    ("Hochwald Logistik KG", "Logistik", "250+", 3, "3x2", [
        ("Stelle", "Berufskraftfahrer:in (C/CE)", "A2", "Losheim am See"),
        ("Einstiegsqualifizierung", "EQ Lager und Versand", "A2", "Losheim am See")]),
    ("Kurierdienst Mettlach", "Logistik", "10-49", 1, "2x2", [("Stelle", "Kurierfahrer:in", "A2", "Mettlach")]),
    ("Saar-Mosel Paketzentrum", "Logistik", "250+", 2, "table", [
        ("Stelle", "Paketsortierer:in (Nachtschicht)", "none", "Perl"),
        ("Praktikum", "Praktikum Disposition", "B1", "Perl")]),
    ("Schreinerei Holzwerk Wadern", "Handwerk", "10-49", 1, "2x2", [
        ("Ausbildung", "Tischler:in", "B1", "Wadern"), ("Praktikum", "Schnupperpraktikum Werkstatt", "A1", "Wadern")]),
    ("Elektro Kessler & Söhne", "Handwerk", "10-49", 1, "3x2", [
        ("Ausbildung", "Elektroniker:in Energie- und Gebäudetechnik", "B1", "Merzig")]),
    ("Malerbetrieb Farbenfroh", "Handwerk", "1-9", 1, "table", [
        ("Ausbildung", "Maler:in und Lackierer:in", "A2", "Beckingen"),
        ("Stelle", "Helfer:in Malerarbeiten", "A1", "Beckingen")]),
    ("Kfz-Meisterbetrieb Saarblick", "Handwerk", "10-49", 1, "3x2", [
        ("Ausbildung", "Kfz-Mechatroniker:in", "B1", "Merzig"),
        ("Einstiegsqualifizierung", "EQ Kfz-Technik", "A2", "Merzig")]),
    ("Sanitär Heizung Lux", "Handwerk", "10-49", 2, "2x2", [
        ("Ausbildung", "Anlagenmechaniker:in SHK", "A2", "Mettlach"),
        ("Praktikum", "Praktikum Haustechnik", "A1", "Mettlach")]),
    ("Hotel Saarschleife", "Gastronomie", "50-249", 2, "3x2", [
        ("Ausbildung", "Koch/Köchin", "A2", "Mettlach"), ("Ausbildung", "Hotelfachfrau/-mann", "B1", "Mettlach"),
        ("Stelle", "Küchenhilfe", "none", "Mettlach")]),
    ("Landgasthof Zum Stiefel", "Gastronomie", "1-9", 1, "table", [("Stelle", "Servicekraft", "A2", "Losheim am See")]),
    ("Bäckerei Kornblume", "Gastronomie", "10-49", 1, "2x2", [
        ("Ausbildung", "Bäcker:in", "A2", "Merzig"), ("Ausbildung", "Fachverkäufer:in Bäckerei", "B1", "Merzig")]),
    ("Kantine Am Seeufer GmbH", "Gastronomie", "50-249", 1, "table", [
        ("Stelle", "Spülkraft", "none", "Losheim am See"),
        ("Einstiegsqualifizierung", "EQ Systemgastronomie", "A2", "Losheim am See")]),
    ("Hochbau Merziger Land GmbH", "Bau", "50-249", 2, "3x2", [
        ("Ausbildung", "Maurer:in", "A2", "Merzig"), ("Stelle", "Bauhelfer:in", "none", "Merzig")]),
    ("Tiefbau Saargau", "Bau", "10-49", 1, "3x2", [("Stelle", "Straßenbauer:in", "A2", "Perl")]),
    ("Dachdeckerei Schiefer & Ziegel", "Bau", "1-9", 1, "table", [("Ausbildung", "Dachdecker:in", "A2", "Wadern")]),
    ("Gerüstbau Hunsrück", "Bau", "10-49", 1, "table", [
        ("Stelle", "Gerüstbauer:in (Helfer)", "none", "Wadern"),
        ("Praktikum", "Praktikum Gerüstbau", "none", "Wadern")]),
    ("Pflegezentrum Am Rosengarten", "Pflege", "50-249", 3, "3x2", [
        ("Ausbildung", "Pflegefachfrau/-mann", "B1", "Merzig"), ("Stelle", "Pflegehilfskraft", "A2", "Merzig"),
        ("Einstiegsqualifizierung", "EQ Pflegeassistenz", "A2", "Merzig")]),
    ("Ambulanter Pflegedienst Lebenswert", "Pflege", "10-49", 1, "2x2", [
        ("Stelle", "Pflegehelfer:in mit Führerschein", "B1", "Beckingen")]),
    ("SHG-Klinikum Merzig (Demo)", "Pflege", "250+", 3, "3x2", [
        ("Ausbildung", "Pflegefachfrau/-mann", "B2", "Merzig"),
        ("Ausbildung", "Medizinische:r Fachangestellte:r", "B2", "Merzig"),
        ("Praktikum", "Praktikum Krankenhaus", "B1", "Merzig")]),
    ("Seniorenresidenz Saartal", "Pflege", "50-249", 2, "2x2", [
        ("Stelle", "Alltagsbegleiter:in", "A2", "Mettlach"), ("Praktikum", "Praktikum Betreuung", "A1", "Mettlach")]),
    ("Tagespflege Sonnenhof", "Pflege", "10-49", 1, "table", [("Praktikum", "Praktikum Tagespflege", "A2", "Wadern")]),
    ("Supermarkt Frischeparadies", "Handel", "50-249", 2, "3x2", [
        ("Ausbildung", "Verkäufer:in", "A2", "Merzig"), ("Stelle", "Regalauffüller:in", "none", "Merzig")]),
    ("Baumarkt Saar-Hochwald", "Handel", "50-249", 1, "3x2", [
        ("Ausbildung", "Kaufmann/-frau im Einzelhandel", "B1", "Losheim am See")]),
    ("Modehaus Weber (Demo)", "Handel", "10-49", 1, "table", [("Praktikum", "Praktikum Verkauf", "A2", "Merzig")]),
    ("Keramikwerk Mettlach-Süd", "Industrie", "250+", 2, "3x2", [
        ("Ausbildung", "Industriekeramiker:in", "A2", "Mettlach"),
        ("Stelle", "Produktionshelfer:in", "none", "Mettlach")]),
    ("Stahlbau Saarstahl-Nord (Demo)", "Industrie", "250+", 2, "3x2", [
        ("Ausbildung", "Industriemechaniker:in", "B1", "Merzig"),
        ("Ausbildung", "Konstruktionsmechaniker:in", "A2", "Merzig")]),
    ("Lebensmittelwerk Saarfrucht", "Industrie", "50-249", 1, "2x2", [
        ("Stelle", "Maschinenbediener:in", "A1", "Beckingen"),
        ("Einstiegsqualifizierung", "EQ Lebensmitteltechnik", "A2", "Beckingen")]),
    ("Kunststofftechnik Wadrill", "Industrie", "50-249", 1, "2x2", [
        ("Ausbildung", "Verfahrensmechaniker:in", "B1", "Wadern")]),
    ("Systemhaus Saar-Digital", "IT", "10-49", 1, "3x2", [
        ("Ausbildung", "Fachinformatiker:in Systemintegration", "B2", "Merzig"),
        ("Praktikum", "Praktikum IT-Support", "B1", "Merzig")]),
    ("Webagentur Pixelwerk", "IT", "1-9", 1, "table", [
        ("Stelle", "Webentwickler:in (Englisch möglich)", "A2", "Merzig")]),
    ("Landkreis Merzig-Wadern – Personalamt", "Öffentlicher Dienst", "250+", 2, "3x2", [
        ("Ausbildung", "Verwaltungsfachangestellte:r", "C1", "Merzig"),
        ("Praktikum", "Praktikum Bürgerbüro", "B1", "Merzig")]),
    ("Kreisstadt Merzig – Bauhof", "Öffentlicher Dienst", "50-249", 1, "3x2", [
        ("Stelle", "Helfer:in Grünpflege", "A1", "Merzig"),
        ("Ausbildung", "Gärtner:in Garten- und Landschaftsbau", "A2", "Merzig")]),
    ("Kita-Verbund Saar-Hochwald", "Öffentlicher Dienst", "50-249", 1, "2x2", [
        ("Ausbildung", "Sozialassistent:in", "B2", "Losheim am See")]),
    ("Reinigungsservice Blitzblank", "Sonstige", "50-249", 2, "3x2", [
        ("Stelle", "Reinigungskraft", "none", "Merzig"), ("Stelle", "Objektleiter:in", "B2", "Merzig")]),
]
# Not everyone is through yet: two bookings wait for a decision, one is on the waiting list.
REQUESTED = {"Webagentur Pixelwerk", "Modehaus Weber (Demo)"}
WAITLISTED = {"Tagespflege Sonnenhof"}
# Present for part of the day only: slot windows (12 slots of 10 minutes from 10:45).
WINDOWS = {"Ambulanter Pflegedienst Lebenswert": range(0, 6), "Dachdeckerei Schiefer & Ziegel": range(6, 12),
           "Kunststofftechnik Wadrill": range(2, 10)}
BOOTH_TYPES = {"3x2": ("3 × 2 m mit Strom", 3, 2, True, 3), "2x2": ("2 × 2 m", 2, 2, False, 2),
               "table": ("Nur Tisch (2 × 1,5 m)", 2, 1.5, False, 2)}

# Visitors by where they come from: weight, languages, given names (female, male), family names.
ORIGINS = {
    "Syrien": (26, ["Arabisch"], ["Rasha", "Hiba", "Ghada", "Manar", "Ruba", "Amal", "Nisreen", "Salma", "Bushra"],
               ["Ammar", "Firas", "Hassan", "Mazen", "Wael", "Fadi", "Ibrahim", "Jamal", "Rami"],
               ["Al-Masri", "Khoury", "Shami", "Halabi", "Zein", "Issa", "Hijazi", "Barakat", "Sabbagh", "Rifai"]),
    "Afghanistan": (18, ["Dari", "Paschtu"], ["Mariam", "Zahra", "Fatima", "Soraya", "Freshta", "Nilofar", "Marzia"],
                    ["Farid", "Jawad", "Hamid", "Wahid", "Sultan", "Sohrab", "Naweed"],
                    ["Noori", "Sultani", "Haidari", "Rezai", "Amiri", "Wardak", "Popal", "Sherzad"]),
    "Ukraine": (22, ["Ukrainisch", "Russisch"], ["Oksana", "Tetiana", "Svitlana", "Halyna", "Viktoriia", "Anastasiia",
                                                 "Mariia"],
                ["Volodymyr", "Mykola", "Ihor", "Vasyl", "Yurii", "Roman", "Maksym"],
                ["Kovalenko", "Shevchuk", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Oliinyk", "Marchenko",
                 "Savchuk", "Lysenko"]),
    "Irak": (8, ["Arabisch", "Kurdisch"], ["Zainab", "Sara", "Noor", "Aya", "Shilan"],
             ["Haider", "Mustafa", "Karrar", "Azad", "Hemin"],
             ["Al-Jaburi", "Kadhim", "Al-Tamimi", "Mahdi", "Barzani"]),
    "Iran": (6, ["Farsi"], ["Sepideh", "Mina", "Azadeh", "Golnaz"], ["Behnam", "Siavash", "Payam", "Kourosh"],
             ["Shirazi", "Mohammadi", "Hashemi", "Bahrami", "Najafi"]),
    "Eritrea": (7, ["Tigrinya"], ["Senait", "Helen", "Selam", "Luwam", "Yordanos"], ["Yonas", "Filmon", "Merhawi",
                                                                                   "Tesfalem"],
                ["Tesfay", "Ghebremedhin", "Haile", "Berhane", "Kidane", "Weldemichael"]),
    "Somalia": (5, ["Somali"], ["Hodan", "Sahra", "Ifrah", "Faduma"], ["Abdirahman", "Abdullahi", "Liban", "Guled"],
                ["Warsame", "Farah", "Abdi", "Nur", "Jama"]),
    "Türkei": (8, ["Türkisch", "Kurdisch"], ["Hatice", "Gülsüm", "Berfin", "Rojda"], ["Ferhat", "Baran", "Mahmut",
                                                                                   "Serdar"],
               ["Yıldırım", "Aksoy", "Tekin", "Polat", "Bulut"]),
}
# Employers' contact people and staff.
ORIGINS_GERMAN = (["Katrin", "Sandra", "Petra", "Anke", "Miriam", "Yvonne"],
                  ["Frank", "Jörg", "Ralf", "Marco", "Steffen", "Patrick"],
                  ["Becker", "Schäfer", "Klein", "Müller-Saar", "Hoffmeister", "Zimmer", "Reuter", "Jost", "Backes"])
GERMAN = {"none": 12, "A1": 18, "A2": 25, "B1": 25, "B2": 13, "C1": 6, "C2": 1}
OTHER_LANGUAGES = {"Englisch": 0.35, "Französisch": 0.06}


def seed_fair(events: list[Event]) -> None:
    """Fill the demo's Migrationsmesse; plain flushes, the command commits."""
    event = next(event for event in events if event.kind == "Migrationsmesse")
    rng = random.Random(FAIR_SEED)
    fair = stored_fair(event)
    fair.hall_width, fair.hall_depth = 44, 30
    fair.booking_deadline = event.starts_at - timedelta(days=14)
    fair.interview_mode, fair.slot_minutes, fair.slot_count = "planned", 10, 12
    fair.first_slot_at = to_instant(local(event.starts_at).date(), time(10, 45))
    fair.max_interviews_per_visitor = 3
    types = _booth_types(event)
    booths = _booths(event, types)
    exhibitors = _exhibitors(event, types, booths, rng)
    db.session.flush()
    auto_assign(fair)
    visitors = _visitors(event, rng)
    _wishes(visitors, [e for e in exhibitors if e.state == "confirmed"], rng)
    run_scheduler(fair, suggestions=SUGGESTIONS)


def _booth_types(event: Event) -> dict[str, BoothType]:
    types = {key: BoothType(event_id=event.id, name=name, width=width, depth=depth, has_power=power,
                            staff_badges=badges) for key, (name, width, depth, power, badges) in BOOTH_TYPES.items()}
    db.session.add_all(types.values())
    db.session.flush()
    return types


def _booths(event: Event, types: dict[str, BoothType]) -> list[Booth]:
    """Four rows of nine along the hall; the two middle rows back to back; one booth kept for first aid."""
    rows = [(3, "3x2"), (10, "3x2"), (12, "2x2"), (19, "table")]
    booths = []
    for y, key in rows:
        kind = types[key]
        for column in range(9):
            booths.append(Booth(event_id=event.id, number=str(len(booths) + 1), x=4 + column * 4, y=y,
                                width=kind.width, depth=kind.depth, booth_type_id=kind.id, status="free"))
    booths[-1].status = "blocked"  # Erste Hilfe
    db.session.add_all(booths)
    db.session.flush()
    return booths


def _exhibitors(event, types, booths, rng: random.Random) -> list[Exhibitor]:
    exhibitors = []
    for company, sector, size, interviewers, kind, offers in EMPLOYERS:
        state = "requested" if company in REQUESTED else "waitlisted" if company in WAITLISTED else "confirmed"
        slug = "".join(char for char in company.lower() if char.isalnum())[:20]
        exhibitor = Exhibitor(
            event_id=event.id, company=company, contact_name=_name(rng, ORIGINS_GERMAN), sector=sector,
            email=f"messe@{slug}.example.com", company_size=size, booth_type_id=types[kind].id,
            staff_count=interviewers + 1, staff_names=[_name(rng, ORIGINS_GERMAN) for _ in range(interviewers + 1)],
            needs_power=types[kind].has_power, needs_table=True, state=state, token_hash=new_token()[1],
            interviewers=interviewers if state == "confirmed" else 0,
            available_slots=list(WINDOWS[company]) if company in WINDOWS else None,
            confirmed_at=utcnow() if state == "confirmed" else None,
            offers=[Offer(position=n, kind=kind_, title=title, german_level=level, place=place,
                          description=_description(kind_, level)) for n, (kind_, title, level, place) in
                    enumerate(offers)])
        exhibitors.append(exhibitor)
    exhibitors[0].preferred_booth_id = booths[0].id  # near the entrance, asked for early
    db.session.add_all(exhibitors)
    return exhibitors


def _name(rng: random.Random, pools) -> str:
    female, male, family = pools
    return f"{rng.choice(female + male)} {rng.choice(family)}"


def _description(kind: str, level: str) -> str:
    start = {"Ausbildung": "Start im August, 3 Jahre, Berufsschule in Merzig.",
             "Praktikum": "2 bis 6 Wochen, jederzeit möglich.",
             "Einstiegsqualifizierung": "6 bis 12 Monate, danach Übernahme in die Ausbildung möglich.",
             "Stelle": "Vollzeit oder Teilzeit, unbefristet nach der Probezeit."}[kind]
    return start if level in ("none", "A1") else start + " Sprachkurs begleitend möglich."


def _visitors(event: Event, rng: random.Random) -> list[tuple[Registration, VisitorProfile]]:
    origins = list(ORIGINS.values())
    weights = [origin[0] for origin in origins]
    levels, level_weights = list(GERMAN), list(GERMAN.values())
    sectors = ["Logistik", "Handwerk", "Gastronomie", "Bau", "Pflege", "Handel", "Industrie", "IT",
               "Öffentlicher Dienst", "Sonstige"]
    now = utcnow()
    visitors = []
    for _ in range(VISITORS):
        _weight, languages, female, male, family = rng.choices(origins, weights)[0]
        registration = Registration(
            event_id=event.id, state=RegistrationState.CONFIRMED, given_name=rng.choice(female + male),
            family_name=rng.choice(family),
            checkin_code=new_checkin_code(), badge_role=BadgeRole.VISITOR, locale=rng.choice(["de", "ar", "fa", "uk", "tr"]),
            consent_version=1, consented_at=now - timedelta(days=rng.randint(1, 30)), confirmed_at=now)
        issue_token(registration)
        spoken = list(languages[:rng.randint(1, len(languages))])
        spoken += [language for language, share in OTHER_LANGUAGES.items() if rng.random() < share]
        profile = VisitorProfile(registration=registration, languages=spoken,
                                 german_level=rng.choices(levels, level_weights)[0],
                                 sectors=rng.sample(sectors, rng.randint(1, 3)),
                                 offer_types=rng.sample(["Praktikum", "Ausbildung", "Einstiegsqualifizierung",
                                                         "Stelle"], rng.randint(1, 2)))
        visitors.append((registration, profile))
    db.session.add_all([item for pair in visitors for item in pair])
    db.session.flush()
    return visitors


def _wishes(visitors, exhibitors: list[Exhibitor], rng: random.Random) -> None:
    """Three in five visitors name two to five employers, mostly of the sectors they like."""
    rows = []
    for registration, profile in visitors:
        if rng.random() >= 0.6:
            continue
        liked = [e for e in exhibitors if e.sector in profile.sectors]
        others = [e for e in exhibitors if e.sector not in profile.sectors]
        count = rng.randint(2, 5)
        chosen = rng.sample(liked, min(len(liked), count - 1)) if liked else []
        chosen += rng.sample(others, count - len(chosen))
        rows += [{"registration_id": registration.id, "exhibitor_id": exhibitor.id, "rank": rank}
                 for rank, exhibitor in enumerate(chosen, 1)]
    db.session.execute(insert(InterviewWish), rows)
