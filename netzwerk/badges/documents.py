"""Print documents as PDF from plain data: participant list, table lists, table cards, agenda (and any template in
templates/print)."""
import re
from collections.abc import Sequence
from dataclasses import dataclass

import weasyprint

from .namefit import is_rtl
from .pdf import BadgeEvent, css_string, html_document, pdf_bytes, template_environment


@dataclass(frozen=True)
class ListPerson:
    name: str
    organisation: str = ""
    kommune: str = ""
    photo: str = ""  # the photo consent in words, or "" when not asked


@dataclass(frozen=True)
class TableGroup:
    label: str
    topic: str = ""
    host: str = ""
    members: Sequence[str] = ()


@dataclass(frozen=True)
class TableRound:
    label: str
    tables: Sequence[TableGroup] = ()


@dataclass(frozen=True)
class TableCard:
    label: str
    topic: str = ""
    round_label: str = ""


@dataclass(frozen=True)
class AgendaItem:
    time_text: str
    title: str
    detail: str = ""
    place: str = ""


def render_print(template: str, event: BadgeEvent, title: str, **context) -> bytes:
    """Any print document (a booth sign is a template and a three-line function away): templates/print/<template>
    extends print/base.html; title heads it, "event – title" is its PDF title. Page numbers when it runs to
    several pages (rendered again without them if it fits on one)."""
    numbers = _page_number_content(event.label("page_numbers"))
    environment = template_environment()

    def render(numbered: bool) -> weasyprint.Document:
        html = environment.get_template(f"print/{template}").render(
            event=event, title=title, document_title=f"{event.title} – {title}", label=event.label,
            page_numbers=numbers if numbered else None, **context)
        return html_document(html, ("print/fonts.css", "print/print.css"))

    document = render(True)
    if len(document.pages) == 1:
        document = render(False)
    return pdf_bytes(document)


def _page_number_content(pattern: str) -> str:
    """"Seite {page} von {pages}" as a CSS content value with counters."""
    parts = []
    for piece in re.split(r"(\{pages?\})", pattern):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts) or "counter(page)"


def render_participant_list(event: BadgeEvent, people: Sequence[ListPerson], *, blank_rows: int = 0) -> bytes:
    """Name, organisation, Kommune and a box to sign in, e.g. as proof of attendance for funded events."""
    rows = [(person, is_rtl(person.name)) for person in people]
    return render_print("participant_list.html", event, event.label("participant_list"), rows=rows,
                        blank_rows=blank_rows)


def render_table_lists(event: BadgeEvent, rounds: Sequence[TableRound]) -> bytes:
    """Per round, who sits at which table with whom as host; each round starts on a new page."""
    return render_print("table_lists.html", event, event.label("table_lists"), rounds=rounds, is_rtl=is_rtl)


def render_table_cards(event: BadgeEvent, cards: Sequence[TableCard], *, fold: str = "a4-landscape") -> bytes:
    """One card per page with a big table number and its topic: flat on A4 landscape ("a4-landscape") or as a
    tent from A4 portrait folded to A5 ("a5-folded", the upper half upside down)."""
    if fold not in ("a4-landscape", "a5-folded"):
        raise ValueError(f"unknown table card format {fold!r}")
    return render_print("table_cards.html", event, event.label("table_cards"), cards=cards, fold=fold,
                        is_rtl=is_rtl)


def render_agenda(event: BadgeEvent, items: Sequence[AgendaItem]) -> bytes:
    """The programme as a handout."""
    return render_print("agenda.html", event, event.label("agenda"), items=items, is_rtl=is_rtl)
