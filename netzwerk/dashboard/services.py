"""The network dashboard's charts, worded in the page's language, from the figures counted in SQL."""
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate

from babel import Locale
from babel.dates import format_date
from babel.numbers import get_decimal_symbol, get_group_symbol
from flask_babel import get_locale
from flask_babel import gettext as _

from ..common.templating import format_number
from ..common.timing import local
from ..fair.models import GermanLevel, OutcomeKind, Sector
from ..organisations.models import OrganisationType
from ..tables.services import METRIC_LABELS
from .charts import Chart, Series
from .figures import NO_KOMMUNE, TABLE_METRICS, EventFigures, NetworkFigures, registrations_by_day

# Other features add charts here (feedback ratings over time: the survey's feature registers a function
# `(network_id, events) -> list[Chart]` in its init_app); the dashboard shows them after its own.
_chart_sources: list[Callable] = []


def add_chart_source(source: Callable) -> None:
    """source(network_id, events: list[EventFigures]) -> list[Chart], for figures owned by a higher feature."""
    if source not in _chart_sources:  # one app per test process may call init_app more than once
        _chart_sources.append(source)


def event_label(event: EventFigures) -> str:
    return event.label


def kommune_chart(figures: NetworkFigures) -> tuple[Chart, dict]:
    """Which Kommunen came to which meetings: per event the Kommunen present, by phase; and the matrix."""
    phases = sorted({phase for _id, _name, phase in figures.kommunen}) or [""]
    phase_of = {kommune_id: phase for kommune_id, _name, phase in figures.kommunen}
    other = _("ohne Mitgliedschaft")
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for (event_id, kommune_id), _count in figures.kommune_presence.items():
        if kommune_id != NO_KOMMUNE:
            counts[event_id, phase_of.get(kommune_id, other)] += 1
    names = [*phases, other] if any(phase == other for _e, phase in counts) else phases
    chart = Chart(
        key="kommunen", kind="stacked", title=_("Kommunen je Treffen nach Phase"),
        description=_("Wie viele Mitgliedskommunen mit mindestens einer angemeldeten Person (mit Platz) vertreten "
                      "waren, nach ihrer Phase im Netzwerk."),
        category_label=_("Veranstaltung"), categories=[event_label(event) for event in figures.events],
        series=[Series(phase or _("ohne Phase"), [counts.get((event.id, phase), 0) for event in figures.events])
                for phase in names])
    matrix = {"events": figures.events, "kommunen": figures.kommunen, "presence": figures.kommune_presence}
    return chart, matrix


def organisation_chart(figures: NetworkFigures) -> Chart:
    order = [kind.value for kind in OrganisationType]
    present = sorted({kind for _event, kind in figures.organisation_types},
                     key=lambda kind: order.index(kind) if kind in order else len(order))
    return Chart(
        key="organisationsarten", kind="stacked", title=_("Organisationsarten je Veranstaltung"),
        description=_("Angemeldete Personen mit Platz nach der Art ihrer Organisation."),
        category_label=_("Veranstaltung"), categories=[event_label(event) for event in figures.events],
        series=[Series(str(OrganisationType.label_of(kind)) if kind else _("ohne Angabe"),
                       [figures.organisation_types.get((event.id, kind), 0) for event in figures.events])
                for kind in present])


def timeline_chart(event: EventFigures | None, past_version: str | None = None) -> Chart:
    days = registrations_by_day(event, past_version) if event else []
    totals = list(accumulate(count for _day, count in days))
    return Chart(
        key="anmeldeverlauf", kind="line",
        title=_("Anmeldungen vor „%(title)s“", title=event.title) if event else _("Anmeldeverlauf"),
        description=_("Anmeldungen bis zu jedem Tag (alle, auch später stornierte), mit der Kapazität als Linie."),
        category_label=_("Tag"), categories=[f"{day:%d.%m.%Y}" for day, _count in days],
        series=[Series(_("Anmeldungen bis dahin"), totals)],
        extra=[Series(_("neu an diesem Tag"), [count for _day, count in days])],
        reference=(_("Kapazität"), event.capacity) if event and event.capacity else None)


def no_show_chart(figures: NetworkFigures) -> Chart:
    past = [event for event in figures.events if event.is_past]
    return Chart(
        key="nichterschienen", title=_("Nicht erschienen je Veranstaltung"), percent=True,
        description=_("Anteil der Angemeldeten mit Platz, die nicht eingecheckt wurden (vergangene Veranstaltungen). "
                      "Wer online teilnimmt, zählt erst mit, wenn die Teilnahme online vermerkt wurde."),
        category_label=_("Veranstaltung"), categories=[event_label(event) for event in past],
        series=[Series(_("Nicht erschienen (%)"), [event.no_show_rate for event in past])],
        extra=[Series(_("Angemeldet mit Platz"), [event.expected for event in past]),
               Series(_("Eingecheckt"), [event.attended for event in past])])


def table_quality_chart(figures: NetworkFigures) -> Chart:
    planned = [event for event in figures.events if event.id in figures.table_quality]
    metrics = [metric for metric in TABLE_METRICS
               if any(metric in figures.table_quality[event.id]["metrics"] for event in planned)]

    def value(event, kind, metric):
        return figures.table_quality[event.id][kind].get(metric)

    def gap(event, metric):
        plan, bound = value(event, "metrics", metric), value(event, "lower_bounds", metric)
        return None if plan is None or bound is None else plan - bound

    extra = []
    for metric in metrics:
        extra.append(Series(_("%(metric)s: Plan", metric=METRIC_LABELS[metric]),
                            [value(event, "metrics", metric) for event in planned]))
        extra.append(Series(_("%(metric)s: Schranke", metric=METRIC_LABELS[metric]),
                            [value(event, "lower_bounds", metric) for event in planned]))
    return Chart(
        key="tischgruppen", title=_("Tischgruppen: Abstand zur Schranke"),
        description=_("Je Veranstaltung mit Sitzplan: um wie viel jede Kennzahl über dem bestmöglichen Wert liegt "
                      "(0 heißt: besser geht es nicht)."),
        category_label=_("Veranstaltung"), categories=[event_label(event) for event in planned],
        series=[Series(str(METRIC_LABELS[metric]), [gap(event, metric) for event in planned]) for metric in metrics],
        extra=extra)


def _outcome_chart(key, title, description, category_label, categories, counts) -> Chart:
    return Chart(key=key, kind="stacked", title=title, description=description, category_label=category_label,
                 categories=[label for _value, label in categories],
                 series=[Series(str(label), [counts.get((value, outcome), 0) for value, _label in categories])
                         for outcome, label in ((kind.value, kind.label) for kind in OutcomeKind)])


def outcome_charts(figures: NetworkFigures) -> list[Chart]:
    order = [sector.value for sector in Sector]
    sectors = sorted({sector for sector, _outcome in figures.outcomes_by_sector},
                     key=lambda sector: order.index(sector) if sector in order else len(order))
    levels = [level.value for level in GermanLevel if any(key[0] == level for key in figures.outcomes_by_level)]
    fairs = [event for event in figures.events if any(key[0] == event.id for key in figures.outcomes_by_fair)]
    per_type = defaultdict(int)
    for (_fair, outcome), count in figures.outcomes_by_fair.items():
        per_type[outcome] += count
    described = _("Was aus Gesprächen und Kontakten auf der Messe wurde, wie Aussteller und Koordination es "
                  "eingetragen haben.")
    return [
        _outcome_chart("messe-branchen", _("Messe-Ergebnisse nach Branche"), described, _("Branche"),
                       [(sector, str(Sector.label_of(sector))) for sector in sectors],
                       figures.outcomes_by_sector),
        _outcome_chart("messe-deutsch", _("Messe-Ergebnisse nach Deutschkenntnissen"), described,
                       _("Deutschkenntnisse"), [(level, str(GermanLevel.label_of(level))) for level in levels],
                       figures.outcomes_by_level),
        _outcome_chart("messe-verlauf", _("Messe-Ergebnisse je Messe"), described, _("Messe"),
                       [(event.id, event_label(event)) for event in fairs], figures.outcomes_by_fair),
        Chart(key="messe-angebote", title=_("Messe-Ergebnisse nach Angebotsart"), description=described,
              category_label=_("Ergebnis"), categories=[str(kind.label) for kind in OutcomeKind],
              series=[Series(_("Anzahl"), [per_type.get(kind.value, 0) for kind in OutcomeKind])]),
    ]


def dashboard_charts(network_id: int, figures: NetworkFigures, timeline_event: EventFigures | None) -> dict:
    kommunen, matrix = kommune_chart(figures)
    charts = [kommunen, organisation_chart(figures), timeline_chart(timeline_event, figures.past_version),
              no_show_chart(figures), table_quality_chart(figures), *outcome_charts(figures)]
    for source in _chart_sources:
        charts.extend(source(network_id, figures.events))
    return {"charts": charts, "matrix": matrix}


def timeline_event_of(figures: NetworkFigures, event_id: int | None) -> EventFigures | None:
    """The chosen event, else the next one to come, else the latest."""
    by_id = {event.id: event for event in figures.events}
    if event_id in by_id:
        return by_id[event_id]
    upcoming = [event for event in figures.events if not event.is_past]
    return upcoming[0] if upcoming else (figures.events[-1] if figures.events else None)


@lru_cache(maxsize=16)
def _symbols(locale: str) -> tuple[str, str]:
    return get_group_symbol(locale), get_decimal_symbol(locale)


def number_formatter() -> Callable:
    """Numbers as the `number` filter writes them ('1.234', '2,5' in German), for the thousands of cells and bar
    labels of a dashboard: the locale's symbols are looked up once, not per number (Babel's pattern machinery
    took most of the page's time), and each number is written once for its table cell, bar, title and
    description (`typed`: 1, 1.0 and True stay apart)."""
    group, decimal = _symbols(str(get_locale() or "de"))

    @lru_cache(maxsize=None, typed=True)
    def text(value) -> str:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return str(format_number(value))
        if isinstance(value, int) or value.is_integer():
            return f"{int(value):,}".replace(",", group)
        whole, _point, fraction = f"{value:,.3f}".rstrip("0").partition(".")
        return whole.replace(",", group) + (decimal + fraction if fraction else "")

    return text


def number_text(value) -> str:
    """One number as on the page (for callers outside a dashboard render)."""
    return number_formatter()(value)


def short_date_formatter() -> Callable:
    """Dates as the `date("short")` filter writes them, with the locale looked up once for the page's 100 dates."""
    locale = get_locale() or Locale.parse("de")
    return lambda moment: format_date(local(moment).date(), "short", locale=locale)
