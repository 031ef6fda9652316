"""Registration lists as CSV and XLSX files: rows in, bytes out (no Flask, no database)."""
import csv
import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ..common.text import clean_lines

# Spreadsheet programs run a cell starting with one of these as a formula (CSV/formula injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "
DATETIME_FORMAT = "%d.%m.%Y %H:%M"


def safe_cell(value):
    """The value as a spreadsheet should show it: lists joined, control characters dropped (data stored before
    forms cleaned them would break the XLSX file), text that looks like a formula quoted."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, str):
        value = clean_lines(value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def to_csv(header: list[str], rows: list[list]) -> bytes:
    """UTF-8 with BOM and ';' between cells: what Excel in Germany opens correctly by double-click."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([_csv_text(safe_cell(cell)) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_text(value) -> str:
    if isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    return str(value)


def to_xlsx(header: list[str], rows: list[list], sheet_title: str = "Anmeldungen") -> bytes:
    """One sheet, bold header row; datetimes (naive, local time) become real spreadsheet dates."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    bold = Font(bold=True)
    header_cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=safe_cell(title))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, safe_cell(value)) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, value):
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD.MM.YYYY HH:MM"
        return cell
    return value


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip()
    return (cleaned or "Anmeldungen")[:31]
