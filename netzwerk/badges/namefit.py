"""Font size and line breaks for a name, from the bold fonts' advance widths, so that it fits its box uncut.

Measured per character with fontTools (no shaping): Arabic contextual forms and kerning differ a little from
the isolated advances, which the safety margin covers.
"""
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parent.parent.parent / "static" / "fonts"
BOLD_FONTS = (FONTS / "noto-sans" / "NotoSans-Bold.ttf", FONTS / "vazirmatn" / "Vazirmatn-NL-Bold.ttf")
SAFETY = 1.08  # measured width × this must fit: leaves room for shaping differences
UNKNOWN_ADVANCE = 1.0  # a character no font of ours has: a fallback font draws it, assume a full em
POINTS_PER_MM = 72 / 25.4
RTL_CLASSES = ("R", "AL")


@dataclass(frozen=True)
class FittedName:
    lines: tuple[str, ...]
    size_pt: float
    rtl: bool


@lru_cache(maxsize=1)
def _advances() -> dict[int, float]:
    """Advance width in em of every character the bold fonts have; the first font that has it wins."""
    advances: dict[int, float] = {}
    for path in reversed(BOLD_FONTS):
        font = TTFont(path, lazy=True)
        units = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        advances.update({code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()})
        font.close()
    return advances


def text_width_em(text: str) -> float:
    advances = _advances()
    width = 0.0
    for char in text:
        advance = advances.get(ord(char))
        if advance is None:
            advance = 0.0 if unicodedata.category(char) in ("Mn", "Cf") else UNKNOWN_ADVANCE
        width += advance
    return width


def is_rtl(text: str) -> bool:
    """What dir="auto" decides: the direction of the first strongly directional character."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction == "L":
            return False
        if direction in RTL_CLASSES:
            return True
    return False


def _tokens(name: str) -> list[tuple[str, bool]]:
    """Where a name may break: at spaces, and after the hyphen of a double name. (text, joined to the one before)"""
    tokens = []
    for word in name.split():
        parts = re.split(r"(?<=-)(?=[^-])", word)
        tokens.extend((part, index > 0) for index, part in enumerate(parts))
    return tokens or [("", False)]


def _join(tokens: list[tuple[str, bool]]) -> str:
    return "".join(text if joined or index == 0 else f" {text}" for index, (text, joined) in enumerate(tokens))


def _splits(tokens: list[tuple[str, bool]], lines: int):
    """Every way to break the tokens into the given number of non-empty lines."""
    if lines == 1:
        yield (_join(tokens),)
        return
    for cut in range(1, len(tokens) - lines + 2):
        for rest in _splits(tokens[cut:], lines - 1):
            yield (_join(tokens[:cut]), *rest)


def fit_name(name: str, width_mm: float, height_mm: float, max_pt: float, max_lines: int = 2,
             line_height: float = 1.15) -> FittedName:
    """The largest size (at most max_pt) at which the name fits the box, on one line or broken at spaces and
    hyphens; on a tie the fewer lines win."""
    tokens = _tokens(name)
    width_pt = width_mm * POINTS_PER_MM
    height_pt = height_mm * POINTS_PER_MM
    best: FittedName | None = None
    for count in range(1, min(max_lines, len(tokens)) + 1):
        for lines in _splits(tokens, count):
            widest = max(text_width_em(line) for line in lines) * SAFETY
            size = min(max_pt, width_pt / widest if widest else max_pt, height_pt / (count * line_height))
            if best is None or size > best.size_pt + 0.01:
                best = FittedName(lines, size, False)
    return FittedName(best.lines, math.floor(best.size_pt * 10) / 10, is_rtl(name))
