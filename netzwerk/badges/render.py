"""Badges and print documents as PDF, from plain data: no request, no database, no gettext.

One import for callers: badge sheets come from `sheets` (in this process or a warm pool of workers, `pool`),
print documents from `documents`, both rendered by the warm WeasyPrint of `pdf`. Templates live in
templates/badges and templates/print, fonts in static/fonts; nothing else is fetched while rendering.
"""
from .documents import (
                        AgendaItem,
                        ListPerson,
                        TableCard,
                        TableGroup,
                        TableRound,
                        render_agenda,
                        render_participant_list,
                        render_print,
                        render_table_cards,
                        render_table_lists,
)
from .pdf import DEFAULT_LABELS, FONTS, STATIC, BadgeEvent, warm_up
from .sheets import BadgeData, Progress, badge_metrics, render_badges, shutdown_pool

__all__ = [
    "DEFAULT_LABELS", "FONTS", "STATIC", "AgendaItem", "BadgeData", "BadgeEvent", "ListPerson", "Progress",
    "TableCard", "TableGroup", "TableRound", "badge_metrics", "render_agenda", "render_badges",
    "render_participant_list", "render_print", "render_table_cards", "render_table_lists", "shutdown_pool", "warm_up",
]
