"""The reasoning behind each lower bound, worded in the page's language from the engine's numbers.

The engine (bounds.py) has no gettext: it hands out {"rule": name, numbers...} per metric, and this module turns
that into a sentence. Plans stored before rules existed hold the engine's English note; it is shown as it is.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

CATEGORIES = {"organisation": _l("Organisation"), "kommune": _l("Kommune"), "type": _l("Organisationsart")}


def explain(rule: dict | str | None) -> str:
    if not rule:
        return ""
    if isinstance(rule, str):
        return rule
    wording = _WORDINGS.get(rule.get("rule"))
    if wording is None:
        return ""
    numbers = {key: value for key, value in rule.items() if key != "rule"}
    if "category" in numbers:
        numbers["category"] = str(CATEGORIES.get(numbers["category"], numbers["category"]))
    try:
        return wording(numbers)
    except KeyError:  # a rule stored by an older version without some number
        return ""


def _counting(n: dict) -> str:
    text = _("Zählung: %(meetings)d Begegnungen in %(rounds)d Runden, aber nur %(pairs)d verschiedene Paare "
             "→ mindestens %(value)d.", **n)
    if n["value"] == 0:
        text += " " + _("Keine Wiederholung ist nötig, solange R·(s−1) ≤ N−1: %(rounds)d·%(seats)d ≤ %(people)d.",
                        rounds=n["rounds"], seats=n["seats_less_one"], people=n["people_less_one"])
    return text


_WORDINGS = {
    "counting": _counting,
    "rounds": lambda n: _(
        "Je zwei Runden teilen mindestens T·[r·C(q+1,2) + (T−r)·C(q,2)] = %(per_round_pair)d Paare, "
        "(q, r) = divmod(s, T) für die s Personen eines Tisches auf T Tischen; %(round_pairs)d Rundenpaare "
        "nacheinander → %(value)d.", **n),
    "pins": lambda n: _("Fest zugeordnete Personen sitzen in mehreren Runden zusammen → %(value)d.", **n),
    "Latin_squares": lambda n: _(
        "36 Personen an 6 Tischen zu 6 über 4 oder mehr Runden bräuchten zwei orthogonale lateinische Quadrate "
        "der Ordnung 6 (Eulers 36 Offiziere), und die gibt es nicht → %(value)d.", **n),
    "spread": lambda n: _(
        "Je Runde und %(category)s mit k Mitgliedern auf T = %(tables)d Tischen, (q, r) = divmod(k, T): "
        "mindestens r·C(q+1,2) + (T−r)·C(q,2) Paare; über %(rounds)d Runden zusammen %(value)d.", **n),
    "acquaintances": lambda n: _(
        "Mit höchstens %(repeats)d wiederholten Begegnungen trifft jede Person mindestens %(met)d verschiedene "
        "Menschen, aus einer %(category)s mit k Mitgliedern also mindestens %(met)d − (%(people)d − k) davon; "
        "je %(category)s das Größere aus dieser Zahl und der Verteilung je Runde = %(value)d "
        "(nur je Runde: %(by_round)d).", **n),
    "matching": lambda n: _(
        "Je Person bestmöglich zugeordnet: Runden zu verschiedenen Tischen und Themen, Wunschthemen zu Runden, "
        "in denen sie angeboten werden (feste Zuordnungen bleiben) → %(value)d.", **n),
}
