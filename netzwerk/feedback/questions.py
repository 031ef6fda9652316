"""The survey's questions: kinds, the one-click template (the seeds' questions) and their wording."""
from flask_babel import lazy_gettext as _l

from ..common.translations import ORIGINAL, InLanguage
from .models import RATING, TEXT

# The template: what the network's table groups collect at every meeting, plus an overall rating. Worded in the
# reader's language, as the questions carry a key instead of a label.
TEMPLATE_LABELS = {
    "overall": _l("Wie bewerten Sie die Veranstaltung insgesamt?"),
    "highlights": _l("Highlights: Was war für Sie besonders wertvoll?"),
    "learnings": _l("Lernerfahrungen: Was nehmen Sie für Ihre Arbeit mit?"),
    "stories": _l("Gute Geschichten: Welche Erfahrung möchten Sie mit dem Netzwerk teilen?"),
}
TEMPLATE = [
    {"key": "overall", "kind": RATING, "template": "overall"},
    {"key": "highlights", "kind": TEXT, "template": "highlights"},
    {"key": "learnings", "kind": TEXT, "template": "learnings"},
    {"key": "stories", "kind": TEXT, "template": "stories"},
]
MAX_QUESTIONS = 20


def label(question: dict) -> str:
    """The question's wording in the current language (template questions) or as the coordinator wrote it, in German:
    marked as such, so that on an Arabic page its question mark stays at its end."""
    if template := question.get("template"):
        return str(TEMPLATE_LABELS[template])
    return InLanguage(question.get("label", ""), ORIGINAL)
