"""Text from outside as it may be stored: no control characters, no bidi overrides.

PostgreSQL refuses a NUL in text, spreadsheets refuse the other C0 controls, and the bidi embeddings,
overrides and isolates (U+202A–U+202E, U+2066–U+2069) make a name read differently from what it is.
Forms clean every field through `common.forms.Form`; search terms from the query string through `search_term`.
"""
import re

# C0 and C1 controls and DEL, bidi embeddings, overrides and isolates, lone surrogates (which no database stores).
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_LINE_BREAK = re.compile(r"\r\n?")
_LAYOUT = re.compile(r"[\t\n\r]+")


def clean_line(text: str) -> str:
    """One-line text: tabs and line breaks become spaces, other control and bidi characters go."""
    return _UNWANTED.sub("", _LAYOUT.sub(" ", text))


def clean_lines(text: str) -> str:
    """Multi-line text: keeps tabs and line breaks (as \\n), other control and bidi characters go."""
    return _UNWANTED.sub("", _LINE_BREAK.sub("\n", text))


def search_term(args, name: str = "q") -> str:
    """The workspace search term (?q=, or another name) as cleaned as a form field, without surrounding spaces."""
    return clean_line(args.get(name, "")).strip()

