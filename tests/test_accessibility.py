"""WCAG 2.1 AA, checked by axe-core in Debian's chromium on every page a visitor or a coordinator reaches.

The demo network is seeded, then the site is crawled from its start pages: every public page in each of the six
public languages (the private-link pages of a participant, a fair visitor and an exhibitor included) and every
workspace page. Pages that differ only by an id are checked once. Each page is also laid out 320 px wide (WCAG
1.4.10 reflow): the page itself must not scroll sideways (a wide table may, inside its own focusable region). The
table of pages × languages × violations is printed (`pytest -s`) for the closing notes of issue 14."""
import os
import re
import shutil
from collections import defaultdict
from datetime import date
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from netzwerk.demo.services import seed_demo
from netzwerk.extensions import db

from . import factories

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor/axe-core/axe.min.js"
PUBLIC_LANGUAGES = ("de", "en", "ar", "fa", "uk", "tr")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"critical", "serious"}
REFLOW_WIDTH = 320
# Never followed: downloads (PDF, calendar, exports), the language switch, logging out, mailto/tel.
SKIPPED = re.compile(r"(\.(ics|pdf|csv|xlsx|json|svg|png|jpg)(\?|$))|/sprache/|/abmelden|/datei|/export|^mailto:|^tel:")

pytestmark = [
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed (make test installs it)"),
    # What a page looks like does not depend on the database: checked once, in the SQLite run of `make test`.
    pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="pages are checked in the SQLite run"),
]


def page_kind(url: str) -> str:
    """A page's pattern: /n/ankommen/12/anmelden and /n/ankommen/13/anmelden are checked once."""
    path = urlsplit(url).path
    return re.sub(r"/[0-9a-f]{16,}|/[A-Za-z0-9_-]{30,}", "/<token>", re.sub(r"/\d+", "/<id>", path))


@pytest.fixture
def demo(app, live_url):
    """The demo network with known private links for a participant, a fair visitor and an exhibitor."""
    with app.test_request_context(base_url=live_url):  # mails written while seeding link somewhere
        world = seed_demo(date.today(), "demo-passwort-123")
    fair = next(event for event in world.events if event.kind == "Migrationsmesse")
    meeting = next(event for event in world.events if event.kind != "Migrationsmesse" and event.status == "published"
                   and event.starts_at.date() > date.today())
    factories.create_registration(meeting, token="a11y-participant-link-0123456789abcdef")
    factories.create_visitor(fair, token="a11y-visitor-link-0123456789abcdef")
    factories.create_exhibitor(fair, token="a11y-exhibitor-link-0123456789abcdef",
                               offers=[("Praktikum", "Praktikum im Lager", "A2")])
    db.session.commit()
    return world


@pytest.fixture
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


def axe_violations(page) -> list[dict]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
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


def crawl(page, base: str, starts: list[str], allowed, visits_per_kind: int = 4) -> dict[str, list[dict]]:
    """Check one page of each kind reachable from `starts` (paths `allowed` accepts); a few more pages of each kind
    are opened only to find their links (a past event links elsewhere than an upcoming one)."""
    queue, visits, seen, found = list(starts), defaultdict(int), set(), {}
    while queue:
        url = queue.pop(0)
        kind = page_kind(url)
        if url in seen or visits[kind] >= visits_per_kind:
            continue
        seen.add(url)
        visits[kind] += 1
        response = page.goto(url)
        if response is None or response.status >= 400 or "text/html" not in response.headers.get("content-type", ""):
            continue
        if kind not in found:
            found[kind] = barriers(page)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))"):
            target = urldefrag(urljoin(url, href)).url
            if target.startswith(base) and not SKIPPED.search(target) and allowed(urlsplit(target).path):
                queue.append(target)
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


def test_every_public_page_in_every_language_has_no_serious_barrier(live_url, demo, chromium):
    starts = [f"{live_url}/", f"{live_url}/anmeldung/a11y-participant-link-0123456789abcdef",
              f"{live_url}/impressum", f"{live_url}/barrierefreiheit", f"{live_url}/barrierefreiheit/barriere-melden"]
    fair = next(event for event in demo.events if event.kind == "Migrationsmesse")
    starts += [f"{live_url}/anmeldung/a11y-visitor-link-0123456789abcdef/messe",
               f"{live_url}/messe/aussteller/a11y-exhibitor-link-0123456789abcdef",
               f"{live_url}/n/{demo.network.slug}/{fair.id}/messe"]
    table = defaultdict(dict)
    for language in PUBLIC_LANGUAGES:
        context = chromium.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(f"{live_url}/sprache/{language}?next=/")
        for kind, violations in crawl(page, live_url, starts, is_public).items():
            table[kind][language] = violations
        context.close()
    problems = report("public pages", table)
    assert len(table) >= 18, sorted(table)
    assert not problems, "\n".join(problems)


def test_every_workspace_page_has_no_serious_barrier(live_url, demo, chromium):
    context = chromium.new_context(bypass_csp=True, locale="de-DE", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{live_url}/anmelden")
    page.fill("#email", demo.coordinator.email)
    page.fill("#password", "demo-passwort-123")
    page.press("#password", "Enter")
    page.wait_for_url(f"{live_url}/manage/")
    found = crawl(page, live_url, [f"{live_url}/manage/"], lambda path: path.startswith(("/manage", "/checkin")))
    context.close()
    problems = report("workspace pages", {kind: {"de": violations} for kind, violations in found.items()})
    assert len(found) >= 30, sorted(found)
    assert not problems, "\n".join(problems)


def test_floor_plan_in_arabic_on_a_phone_opens_with_the_booths_in_view(live_url, demo, chromium):
    fair = next(event for event in demo.events if event.kind == "Migrationsmesse")
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_url}/sprache/ar?next=/n/{demo.network.slug}/{fair.id}/messe")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    region = page.locator(".fair-plan-scroll")
    region.scroll_into_view_if_needed()
    seen = region.bounding_box()
    booth = page.locator("svg.fair-plan > a, svg.fair-plan > g:has(> title)").first.locator("rect").first.bounding_box()
    context.close()
    assert seen["width"] <= 390
    assert seen["x"] <= booth["x"] and booth["x"] + booth["width"] <= seen["x"] + seen["width"], (booth, seen)
