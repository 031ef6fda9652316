"""Every catalog is complete: each text marked in code and templates is translated, none fuzzy, in English,
Arabic, Persian/Dari, Ukrainian and Turkish (German is the source)."""
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

pytestmark = pytest.mark.db_independent  # no database: checked in the SQLite run of `make test` only

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("netzwerk/**.py", "python"), ("templates/**.html", "jinja2")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.do"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


@cache  # read once per test process: six tests compare it with their catalog, and parsing takes seconds
def marked_texts() -> frozenset[str]:
    texts = set()
    for _, _, message, _, _ in extract_from_dir(str(ROOT), METHODS, OPTIONS, KEYWORDS):
        texts.add(message if isinstance(message, str) else message[0])
    return frozenset(texts)


def test_every_marked_text_has_an_english_translation():
    with open(ROOT / "netzwerk/translations/en/LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po)
    translated = {_singular(message.id) for message in catalog if message.id and _complete(message.string)}
    missing = sorted(marked_texts() - translated)
    assert not missing, f"untranslated (run `make extract-messages`, then translate): {missing[:20]}"


def _singular(message_id) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def _complete(string) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


@pytest.mark.parametrize("language", ["en", "ar", "fa", "uk", "tr"])
def test_every_marked_text_is_translated_and_none_is_fuzzy(language):
    """No page, mail or PDF text falls back to German unseen, in any of the public languages."""
    with open(ROOT / f"netzwerk/translations/{language}/LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po)
    fuzzy = sorted(_singular(message.id) for message in catalog if message.id and message.fuzzy)
    translated = {_singular(message.id) for message in catalog
                  if message.id and _complete(message.string) and not message.fuzzy}
    missing = sorted(marked_texts() - translated)
    assert not missing and not fuzzy, f"{language}: untranslated {missing[:20]}, fuzzy {fuzzy[:20]}"
