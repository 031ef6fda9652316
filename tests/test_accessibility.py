"""WCAG 2.1 AA, checked by axe-core in Debian's chromium on every page a visitor or a coordinator reaches.

The demo network is seeded, then the site is crawled from its start pages: every public page in each of the six
public languages (the private-link pages of a participant, a fair visitor and an exhibitor included) and every
workspace page. Pages that differ only by an id are checked once. Each page is also laid out 320 px wide (WCAG
1.4.10 reflow): the page itself must not scroll sideways (a wide table may, inside its own focusable region). The
table of pages × languages × violations is printed (`pytest -s`) for the closing notes of issue 14."""
import os
import re
import shutil
import threading
import zlib
from collections import defaultdict
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from werkzeug.serving import make_server

from netzwerk.demo.services import seed_demo
from netzwerk.extensions import db, limiter

from . import factories
from .conftest import CHROMIUM, _test_app

AXE = Path(__file__).parent / "vendor/axe-core/axe.min.js"
PUBLIC_LANGUAGES = ("de", "en", "ar", "fa", "uk", "tr")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"critical", "serious"}
REFLOW_WIDTH = 320
# Never followed: downloads (PDF, calendar, exports), the language switch, logging out, mailto/tel.
SKIPPED = re.compile(r"(\.(ics|pdf|csv|xlsx|json|svg|png|jpg)(\?|$))|/sprache/|/abmelden|/datei|/export|^mailto:|^tel:")
# The workspace pages are checked in this many tests: a shorter report per failure, and a plain `pytest -n 2` spreads them.
WORKSPACE_SHARDS = 3

pytestmark = [
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed (make test installs it)"),
    # What a page looks like does not depend on the database (the site has a SQLite file of its own): checked
    # once, in the SQLite run (`make test` leaves it out of the PostgreSQL run; a bare `pytest` there skips it).
    pytest.mark.db_independent,
    pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="pages are checked in the SQLite run"),
]


def page_kind(url: str) -> str:
    """A page's pattern: /n/ankommen/12/anmelden and /n/ankommen/13/anmelden are checked once."""
    path = urlsplit(url).path
    return re.sub(r"/[0-9a-f]{16,}|/[A-Za-z0-9_-]{30,}", "/<token>", re.sub(r"/\d+", "/<id>", path))


# Known private links of the newest features (only their hashes are stored, as for real links).
PRIVATE_LINKS = {
    "attended": "a11y-attended-link-0123456789abcdef",  # a past meeting's participant, checked in
    "feedback": "a11y-feedback-link-0123456789abcdef",
    "invitation": "a11y-invitation-link-0123456789abcdef",
    "subscription": "a11y-subscription-link-0123456789abcdef",
    "series": "a11y-series-link-0123456789abcdef",
    "table_note": "a11y-table-note-link-0123456789abcdef",
    "mailing": "a11y-mailing-link-0123456789abcdef",
    # The same pages after the answer: survey answered, invitation declined, confirmation link expired.
    "feedback_answered": "a11y-feedback-answered-link-0123456789abcdef",
    "invitation_declined": "a11y-invitation-declined-link-0123456789abcdef",
    "subscription_expired": "a11y-subscription-expired-link-0123456789abcdef",
}


def add_private_links(world) -> int:
    """Give the demo what the newest private links open: the documented past meeting (materials, table notes,
    an open feedback survey) with a checked-in participant, an invitation, an "Informiert bleiben" sign-up, a
    series subscription and a mailing's unsubscribe link. Returns the documented meeting's id."""
    from sqlalchemy import select

    from netzwerk.common.timing import utcnow
    from netzwerk.common.tokens import hash_token
    from netzwerk.demo.data import CLOSING_MEETING_TITLE
    from netzwerk.documentation.models import Material, TableNote
    from netzwerk.feedback.models import FeedbackInvitation
    from netzwerk.feedback.services import ensure_survey, use_template
    from netzwerk.invitations.models import Invitation, InvitationLink
    from netzwerk.mailings.models import MailingRecipient
    from netzwerk.series.models import SeriesSubscription
    from netzwerk.subscriptions.models import Subscription
    from netzwerk.tables.models import GroupTable

    link = {name: hash_token(token) for name, token in PRIVATE_LINKS.items()}
    past = next(event for event in world.events if event.title == CLOSING_MEETING_TITLE)
    attended = factories.create_registration(past, state="attended", token=PRIVATE_LINKS["attended"],
                                             given_name="Amira", family_name="Haddad", photo_consent=True)
    db.session.add_all([
        Material(event_id=past.id, kind="file", title="Folien: Ergebnisse der Pilotphase", filename="folien.pdf",
                 media_type="application/pdf", size=48_213, data=b"%PDF-1.4\n%%EOF\n"),
        Material(event_id=past.id, kind="link", title="Film: Drei Jahre Lernnetzwerk",
                 url="https://video.example.org/lernnetzwerk"),
        Material(event_id=past.id, kind="link", title="Fotos vom Tag (nur für Teilnehmende)",
                 url="https://fotos.example.org/abschluss", visibility="participants"),
    ])
    tables = db.session.scalars(select(GroupTable).where(GroupTable.event_id == past.id).order_by(GroupTable.id))
    first, second = list(tables)[:2]
    db.session.add_all([
        TableNote(event_id=past.id, table_id=first.id, text="Highlights: Die Jobcenter und die Ausländerbehörde "
                  "sprechen jetzt wöchentlich miteinander.\nGute Story: Ein Praktikum wurde zur Ausbildung."),
        TableNote(event_id=past.id, table_id=second.id, token_hash=link["table_note"]),
    ])
    survey = ensure_survey(past)
    use_template(survey)
    survey.is_open, survey.opened_at = True, utcnow()
    db.session.flush()
    answered = factories.create_registration(past, state="attended")
    db.session.add_all([
        FeedbackInvitation(survey_id=survey.id, registration_id=attended.id, token_hash=link["feedback"]),
        FeedbackInvitation(survey_id=survey.id, registration_id=answered.id, token_hash=link["feedback_answered"],
                           answered=True)])
    invited, declined = db.session.scalars(select(Invitation).where(Invitation.state == "invited")
                                           .order_by(Invitation.id).limit(2))
    declined.state, declined.responded_at = "declined", utcnow()
    db.session.add_all([InvitationLink(invitation_id=invited.id, token_hash=link["invitation"]),
                        InvitationLink(invitation_id=declined.id, token_hash=link["invitation_declined"])])
    now = utcnow()
    for name, email, expires in (("subscription", "lina.berger@example.org", now + timedelta(days=7)),
                                 ("subscription_expired", "ole.berger@example.org", now - timedelta(days=1))):
        db.session.add(Subscription(network_id=world.network.id, given_name="Lina", family_name="Berger", email=email,
                                    consent_text="Ich möchte per E-Mail …", consent_version="1", consented_at=now,
                                    token_hash=link[name], expires_at=expires))
    subscriber = db.session.scalars(select(SeriesSubscription).order_by(SeriesSubscription.id)).first()
    subscriber.token_hash = link["series"]
    recipient = db.session.scalars(select(MailingRecipient).where(MailingRecipient.person_id.is_not(None))
                                   .order_by(MailingRecipient.id)).first()
    recipient.unsubscribe_hash = link["mailing"]
    db.session.flush()
    return past.id


class Site:
    """The demo network on a live server of its own, with known private links for a participant, a fair visitor and
    an exhibitor. Seeded once per test process (xdist worker) into a database of its own: the crawl only reads."""

    def __init__(self, folder: Path):
        self.app = _test_app(f"sqlite:///{folder / 'a11y.sqlite'}")
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        with self.app.app_context():
            db.create_all()
            with self.app.test_request_context(base_url=self.url):  # mails written while seeding link somewhere
                world = seed_demo(date.today(), "demo-passwort-123")
            fair = next(event for event in world.events if event.kind == "Migrationsmesse")
            meeting = next(event for event in world.events if event.kind != "Migrationsmesse"
                           and event.status == "published" and event.starts_at.date() > date.today())
            factories.create_registration(meeting, token="a11y-participant-link-0123456789abcdef")
            factories.create_visitor(fair, token="a11y-visitor-link-0123456789abcdef")
            factories.create_exhibitor(fair, token="a11y-exhibitor-link-0123456789abcdef",
                                       offers=[("Praktikum", "Praktikum im Lager", "A2")])
            self.documented_id = add_private_links(world)
            db.session.commit()
            self.network_slug, self.fair_id = world.network.slug, fair.id
            self.coordinator_email = world.coordinator.email
            db.session.remove()

    def close(self):
        self.server.shutdown()
        with self.app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("a11y"))
    yield site
    site.close()


@pytest.fixture
def demo(site):
    """The site, with rate limits off: Flask-Limiter's one switch for all apps follows the latest app set up."""
    limiter.init_app(site.app)
    return site


def checking_context(chromium, **options):
    """A browser context whose every page loads axe-core before its own scripts (compiled once per renderer, not
    sent and parsed again for each page)."""
    context = chromium.new_context(bypass_csp=True, **options)
    context.add_init_script(path=AXE)
    return context


def axe_violations(page) -> list[dict]:
    result = page.evaluate("options => axe.run(document, options)",
                           {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return [violation for violation in result["violations"] if violation["impact"] in BLOCKING]


# Where a too wide page starts to overflow: elements out of the viewport whose parent is not (outside any region
# that scrolls or clips itself), as short selector paths for the failure message.
OVERFLOWING = """limit => {
  const out = node => { const box = node.getBoundingClientRect(); return box.right > limit + 1 || box.left < -1; };
  const clipped = node => { for (let n = node.parentElement; n && n !== document.body; n = n.parentElement)
    if (getComputedStyle(n).overflowX !== "visible") return true; return false; };
  const name = node => node.tagName.toLowerCase() + (node.id ? "#" + node.id : "")
    + (typeof node.className === "string" && node.className.trim() ? "." + node.className.trim().split(/\\s+/).join(".") : "");
  const path = node => { const parts = []; for (let n = node; n && n !== document.body; n = n.parentElement)
    parts.unshift(name(n)); return parts.slice(-4).join(" > "); };
  return [...document.body.querySelectorAll("*")]
    .filter(node => out(node) && !clipped(node) && !(node.parentElement && out(node.parentElement)))
    .slice(0, 3).map(path);
}"""


def reflow_violations(page) -> list[dict]:
    """The page laid out 320 px wide: wider than that, it scrolls sideways (reported like an axe violation)."""
    viewport = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": viewport["height"]})
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        widest = page.evaluate(OVERFLOWING, REFLOW_WIDTH)
    finally:
        page.set_viewport_size(viewport)
    if width <= REFLOW_WIDTH:
        return []
    return [{"id": "reflow-320", "impact": "serious", "nodes": [{"target": [f"{width}px wide", *widest]}]}]


def barriers(page) -> list[dict]:
    return axe_violations(page) + reflow_violations(page)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href is not None:
            self.hrefs.append(href)


def links_in(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def discover(requests, base: str, starts: list[str], allowed, visits_per_kind: int = 4) -> dict[str, str]:
    """The first page of each kind reachable from `starts` (paths `allowed` accepts), kind -> url; a few more pages
    of each kind are opened to find their links (a past event links elsewhere than an upcoming one). Plain HTTP in
    the browser's context (its cookies): every link is in the HTML the server sends (enhance.js adds none), so
    the browser renders only the pages that axe checks."""
    queue, visits, seen, found = list(starts), defaultdict(int), set(), {}
    while queue:
        url = queue.pop(0)
        kind = page_kind(url)
        if url in seen or visits[kind] >= visits_per_kind:
            continue
        seen.add(url)
        visits[kind] += 1
        response = requests.get(url)
        if response.status >= 400 or "text/html" not in response.headers.get("content-type", ""):
            continue
        found.setdefault(kind, url)
        for href in links_in(response.text()):
            target = urldefrag(urljoin(url, href)).url
            if target.startswith(base) and not SKIPPED.search(target) and allowed(urlsplit(target).path):
                queue.append(target)
    return found


def check(page, pages: dict[str, str]) -> dict[str, list[dict]]:
    """axe's blocking violations on each page, kind -> violations."""
    found = {}
    for kind, url in pages.items():
        page.goto(url)
        found[kind] = barriers(page)
    return found


def report(title: str, table: dict[str, dict[str, list[dict]]]) -> list[str]:
    """Print pages × languages × violations; return the blocking ones as readable lines."""
    languages = sorted({language for pages in table.values() for language in pages})
    print(f"\n{title}: {len(table)} pages × {len(languages)} languages")
    problems = []
    for kind, by_language in sorted(table.items()):
        counts = [str(len(by_language.get(language, []))) if language in by_language else "–" for language in languages]
        print(f"  {kind:<60} " + " ".join(f"{language}:{count}" for language, count in zip(languages, counts)))
        for language, violations in by_language.items():
            problems += [f"{kind} [{language}] {v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in violations]
    return problems


def is_public(path: str) -> bool:
    return not path.startswith(("/manage", "/anmelden", "/checkin", "/konto"))


@pytest.mark.parametrize("language", PUBLIC_LANGUAGES)
def test_every_public_page_in_every_language_has_no_serious_barrier(demo, chromium, language):
    live_url = demo.url
    starts = [f"{live_url}/", f"{live_url}/anmeldung/a11y-participant-link-0123456789abcdef",
              f"{live_url}/impressum", f"{live_url}/barrierefreiheit", f"{live_url}/barrierefreiheit/barriere-melden"]
    starts += [f"{live_url}/anmeldung/a11y-visitor-link-0123456789abcdef/messe",
               f"{live_url}/messe/aussteller/a11y-exhibitor-link-0123456789abcdef",
               f"{live_url}/n/{demo.network_slug}/{demo.fair_id}/messe"]
    links = PRIVATE_LINKS
    starts += [f"{live_url}/rueckmeldung/{links['feedback']}", f"{live_url}/einladung/{links['invitation']}",
               f"{live_url}/einladung/{links['invitation']}/absagen",
               f"{live_url}/einladung/{links['invitation']}/abmelden",
               f"{live_url}/informiert-bleiben/{links['subscription']}",
               f"{live_url}/informiert-bleiben/{links['subscription']}/abmelden",
               f"{live_url}/n/{demo.network_slug}/informiert-bleiben/gesendet",
               f"{live_url}/reihe/abbestellen/{links['series']}", f"{live_url}/tischnotiz/{links['table_note']}",
               f"{live_url}/abbestellen/{links['mailing']}"]
    context = checking_context(chromium, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_url}/sprache/{language}?next=/")
    pages = discover(context.request, live_url, starts, is_public)
    # Pages of a kind already found, in a state that shows more: checked under a name of their own.
    pages["/anmeldung/<token> (checked in at a past meeting)"] = f"{live_url}/anmeldung/{links['attended']}"
    pages["/n/<slug>/<id> (past meeting with documentation)"] = (
        f"{live_url}/n/{demo.network_slug}/{demo.documented_id}")
    pages["/rueckmeldung/<token> (answered: 409)"] = f"{live_url}/rueckmeldung/{links['feedback_answered']}"
    pages["/einladung/<token> (declined)"] = f"{live_url}/einladung/{links['invitation_declined']}"
    pages["/informiert-bleiben/<token> (expired: 410)"] = (
        f"{live_url}/informiert-bleiben/{links['subscription_expired']}")
    shows = {"/anmeldung/<token> (checked in at a past meeting)": ("/teilnahmebescheinigung.pdf", "Fotos vom Tag"),
             "/n/<slug>/<id> (past meeting with documentation)": ("Film: Drei Jahre Lernnetzwerk", "Highlights: Die Jobcenter"),
             "/rueckmeldung/<token>": ('method="post"', 'type="radio"'),
             "/einladung/<token> (declined)": ('role="status"',)}
    for kind, markers in shows.items():  # each page in the state it is meant to be checked in
        html = context.request.get(pages[kind]).text()
        assert all(marker in html for marker in markers), (kind, markers)
    table = {kind: {language: violations} for kind, violations in check(page, pages).items()}
    context.close()
    problems = report(f"public pages [{language}]", table)
    assert len(table) >= 35, sorted(table)
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="session")
def workspace(site, chromium):
    """A coordinator's browser and the workspace pages to check, kind -> url (found once per test process)."""
    limiter.init_app(site.app)
    context = checking_context(chromium, locale="de-DE", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{site.url}/anmelden")
    page.fill("#email", site.coordinator_email)
    page.fill("#password", "demo-passwort-123")
    page.press("#password", "Enter")
    page.wait_for_url(f"{site.url}/manage/")
    pages = discover(context.request, site.url, [f"{site.url}/manage/"],
                     lambda path: path.startswith(("/manage", "/checkin")))
    yield page, pages
    context.close()


def in_shard(kind: str, shard: int) -> bool:
    return zlib.crc32(kind.encode()) % WORKSPACE_SHARDS == shard


@pytest.mark.parametrize("shard", range(WORKSPACE_SHARDS))
def test_every_workspace_page_has_no_serious_barrier(demo, workspace, shard):
    page, pages = workspace
    found = check(page, {kind: url for kind, url in pages.items() if in_shard(kind, shard)})
    problems = report(f"workspace pages [{shard + 1}/{WORKSPACE_SHARDS}]",
                      {kind: {"de": violations} for kind, violations in found.items()})
    assert len(pages) >= 30, sorted(pages)
    assert not problems, "\n".join(problems)


def test_floor_plan_in_arabic_on_a_phone_opens_with_the_booths_in_view(demo, chromium):
    live_url = demo.url
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_url}/sprache/ar?next=/n/{demo.network_slug}/{demo.fair_id}/messe")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    region = page.locator(".fair-plan-scroll")
    region.scroll_into_view_if_needed()
    seen = region.bounding_box()
    booth = page.locator("svg.fair-plan > a, svg.fair-plan > g:has(> title)").first.locator("rect").first.bounding_box()
    context.close()
    assert seen["width"] <= 390
    assert seen["x"] <= booth["x"] and booth["x"] + booth["width"] <= seen["x"] + seen["width"], (booth, seen)
