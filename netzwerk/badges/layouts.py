"""Badge sheet layouts: page size, badge size, grid, margins and gaps in millimetres, and the check that they fit.

Presets only hold sizes (as pretix's layouts do); what a badge shows is the template's business.
"""
import math
from dataclasses import dataclass, replace

PAGE_SIZES: dict[str, tuple[float, float]] = {
    "A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "A6": (105, 148), "Letter": (215.9, 279.4),
}
SIDES = ("front", "duplex", "folded")


class LayoutDoesNotFit(ValueError):
    """The badges need more room than the page has; the app may translate from the attributes."""

    def __init__(self, too_wide_mm: int, too_high_mm: int, page_name: str):
        self.too_wide_mm = too_wide_mm
        self.too_high_mm = too_high_mm
        self.page_name = page_name
        excess = " und ".join(part for part in (
            f"{too_wide_mm} mm zu breit" if too_wide_mm else "",
            f"{too_high_mm} mm zu hoch" if too_high_mm else "") if part)
        super().__init__(f"Die Etiketten sind {excess} für {page_name}.")


@dataclass(frozen=True)
class Layout:
    """Badges in a grid of columns × rows, the first one margin_left/margin_top from the page's top left corner."""

    page_width: float
    page_height: float
    badge_width: float
    badge_height: float
    columns: int = 1
    rows: int = 1
    margin_top: float = 0
    margin_left: float = 0
    gap_x: float = 0
    gap_y: float = 0
    cut_marks: bool = False
    name: str = "custom"

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def page_name(self) -> str:
        for name, size in PAGE_SIZES.items():
            if size == (self.page_width, self.page_height):
                return name
            if size == (self.page_height, self.page_width):
                return f"{name} quer"
        return f"{_mm(self.page_width)} × {_mm(self.page_height)} mm"

    def cell_height(self, sides: str = "front") -> float:
        """A folded badge takes twice its height on the sheet: front above the fold, back below it."""
        return self.badge_height * (2 if sides == "folded" else 1)

    def check(self, sides: str = "front") -> "Layout":
        """Raise LayoutDoesNotFit (amounts rounded up to whole millimetres) unless every badge lies on the page."""
        if sides not in SIDES:
            raise ValueError(f"sides must be one of {SIDES}, not {sides!r}")
        if min(self.columns, self.rows) < 1 or min(self.badge_width, self.badge_height) <= 0:
            raise ValueError("a layout needs at least one badge of positive size")
        width = self.margin_left + self.columns * self.badge_width + (self.columns - 1) * self.gap_x
        height = self.margin_top + self.rows * self.cell_height(sides) + (self.rows - 1) * self.gap_y
        too_wide = _excess(width, self.page_width)
        too_high = _excess(height, self.page_height)
        if too_wide or too_high:
            raise LayoutDoesNotFit(too_wide, too_high, self.page_name)
        return self

    def positions(self, sides: str = "front", back: bool = False) -> list[tuple[float, float]]:
        """Top left corner of each slot in print order. The back of a duplex sheet is mirrored left to right, so
        that it lines up with its front when the printer turns the sheet over its long edge."""
        cell_height = self.cell_height(sides)
        grid_width = self.columns * self.badge_width + (self.columns - 1) * self.gap_x
        left = self.page_width - self.margin_left - grid_width if back else self.margin_left
        slots = []
        for row in range(self.rows):
            columns = range(self.columns - 1, -1, -1) if back else range(self.columns)
            for column in columns:
                slots.append((left + column * (self.badge_width + self.gap_x),
                              self.margin_top + row * (cell_height + self.gap_y)))
        return slots


def _excess(needed: float, available: float) -> int:
    # 0.05 mm of slack absorbs float noise in sums like 4 × 74.25 mm.
    return max(0, math.ceil(needed - available - 0.05))


def _mm(value: float) -> str:
    return f"{value:g}"


def centred(page: str | tuple[float, float], badge_width: float, badge_height: float, columns: int, rows: int,
            gap_x: float = 0, gap_y: float = 0, cut_marks: bool = False, name: str = "custom",
            sides: str = "front") -> Layout:
    """A layout whose grid sits in the middle of the page (margins may come out negative: check() refuses it)."""
    page_width, page_height = PAGE_SIZES[page] if isinstance(page, str) else page
    cell_height = badge_height * (2 if sides == "folded" else 1)
    grid_width = columns * badge_width + (columns - 1) * gap_x
    grid_height = rows * cell_height + (rows - 1) * gap_y
    return Layout(page_width, page_height, badge_width, badge_height, columns, rows,
                  margin_top=round((page_height - grid_height) / 2, 2),
                  margin_left=round((page_width - grid_width) / 2, 2),
                  gap_x=gap_x, gap_y=gap_y, cut_marks=cut_marks, name=name)


PRESETS: dict[str, Layout] = {
    "a6": Layout(105, 148, 105, 148, name="a6"),
    # Business-card stock: 2 × 4 cards of 90 × 55 mm, perforated, no gaps.
    "a4-2x4-90x55": centred("A4", 90, 55, 2, 4, name="a4-2x4-90x55"),
    "a4-2x2-a6": Layout(210, 297, 105, 148, 2, 2, margin_top=0.5, name="a4-2x2-a6"),
    # Card size for badge holders, cut by hand: gaps and cut marks.
    "a4-8-85x54": centred("A4", 85, 54, 2, 4, gap_x=10, gap_y=10, cut_marks=True, name="a4-8-85x54"),
}


def preset(name: str) -> Layout:
    """A preset by name; KeyError for an unknown one."""
    return PRESETS[name]


def custom(page: str | tuple[float, float], badge_width: float, badge_height: float, columns: int, rows: int,
           margin_top: float | None = None, margin_left: float | None = None, gap_x: float = 0, gap_y: float = 0,
           cut_marks: bool = False, sides: str = "front") -> Layout:
    """The "custom" layout: sizes as the coordinator typed them, centred where a margin is not given; checked."""
    layout = centred(page, badge_width, badge_height, columns, rows, gap_x, gap_y, cut_marks, sides=sides)
    if margin_top is not None:
        layout = replace(layout, margin_top=margin_top)
    if margin_left is not None:
        layout = replace(layout, margin_left=margin_left)
    if layout.margin_top < 0 or layout.margin_left < 0:
        # Centred and still too big: report the whole excess, not half of it on each side.
        layout = replace(layout, margin_top=max(0, layout.margin_top), margin_left=max(0, layout.margin_left))
    return layout.check(sides)
