"""Reading a participant list (CSV or XLSX) and checking every row: bytes in, rows and errors out (no database).

Row numbers are those a spreadsheet shows: the header is row 1, the first person row 2. What a hostile file
could make expensive is bounded before it is built: the ZIP's unpacked size and its XML's element count, the
rows read (whatever the sheet's declared dimension says), the columns (those of the header) and each field.
"""
import csv
import io
import re
import zipfile
from dataclasses import asdict, dataclass
from xml.parsers import expat

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from openpyxl import load_workbook

from ..common.uploads import UploadRefused, checked_zip

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000  # one import registers every row inside a single request
MAX_SHEET_ROWS = 5000  # rows read at most, blank ones included
MAX_COLUMNS = 100  # header columns read; the columns of later rows stop at the header's last title
MAX_FIELD_CHARS = 1000
MAX_UNCOMPRESSED = 25 * 1024 * 1024  # an XLSX's members together, unpacked
MAX_ZIP_MEMBERS = 500
MAX_XML_ELEMENTS = 500_000  # in all of an XLSX's XML: a list of 2000 people with 30 columns has about 130,000
MAX_CELLS_PER_ROW = 1000
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and .xlsx with a password
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")

# Accepted column headers (compared lower-case, with spaces and hyphens as underscores).
COLUMNS = {
    "given_name": {"given_name", "vorname", "first_name", "firstname"},
    "family_name": {"family_name", "nachname", "last_name", "lastname", "familienname"},
    "email": {"email", "e_mail", "mail", "e_mail_adresse", "email_adresse"},
    "organisation": {"organisation", "organization", "organisation_name", "firma"},
    "organisation_type": {"organisation_type", "organisationsart", "organisationstyp", "art_der_organisation"},
    "kommune": {"kommune", "municipality"},
    "function": {"function", "funktion"},
}
REQUIRED = ("given_name", "family_name", "email")


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in the user's language."""


@dataclass
class ImportRow:
    number: int
    given_name: str
    family_name: str
    email: str
    organisation: str = ""
    organisation_type: str = ""
    kommune: str = ""
    function: str = ""
    kommune_id: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class KommuneOption:
    id: int
    name: str
    bundesland: str = ""


def read_table(filename: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """The file's rows as (row number, {column: text}), blank rows left out; ImportFileError if unreadable."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("Die Datei ist zu groß (höchstens %(mb)d MB).", mb=MAX_BYTES // (1024 * 1024)))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension in {"csv", "txt"}:
        cells = _csv_cells(content)
    elif extension == "xlsx":
        cells = _xlsx_cells(content)
    else:
        raise ImportFileError(_("Bitte laden Sie eine CSV-Datei (.csv) oder eine Excel-Datei (.xlsx) hoch."))
    return _with_header(cells)


def _csv_cells(content: bytes) -> list[list[str]]:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(_("Die CSV-Datei ist als UTF-16 gespeichert; bitte speichern Sie sie als "
                                "„CSV UTF-8“ oder als Excel-Datei (.xlsx)."))
    if b"\x00" in content:
        raise ImportFileError(_("Die Datei ist keine CSV-Textdatei."))
    text = _decoded(content)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    cells: list[list[str]] = []
    try:
        for row in reader:
            _check_row(len(cells) + 1, row)
            cells.append(row)
    except csv.Error as error:  # a field over csv's own limit (131,072 characters), e.g. an unclosed quote
        if "field larger" in str(error):
            raise ImportFileError(_field_too_long(len(cells) + 1)) from error
        raise ImportFileError(_("Zeile %(row)d: Die CSV-Datei ist hier fehlerhaft.", row=len(cells) + 1)) from error
    return cells


def _decoded(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")  # Excel's "CSV" on German Windows
    except UnicodeDecodeError:
        raise ImportFileError(_("Die Zeichen der Datei sind weder UTF-8 noch Windows-1252; bitte speichern Sie "
                                "sie als „CSV UTF-8“ oder als Excel-Datei (.xlsx).")) from None


def _check_row(number: int, row: list[str]) -> None:
    if number > MAX_SHEET_ROWS:
        raise ImportFileError(_("Die Tabelle reicht über Zeile %(max)d hinaus; bitte teilen Sie sie auf oder "
                                "löschen Sie die Zeilen darunter.", max=MAX_SHEET_ROWS))
    if any(len(cell) > MAX_FIELD_CHARS for cell in row):
        raise ImportFileError(_field_too_long(number))


def _field_too_long(number: int) -> str:
    return _("Zeile %(row)d: Feld zu lang (höchstens %(max)d Zeichen).", row=number, max=MAX_FIELD_CHARS)


def _xlsx_cells(content: bytes) -> list[list[str]]:
    unreadable = _("Die Excel-Datei konnte nicht gelesen werden.")
    if content.startswith(OLE_SIGNATURE):
        raise ImportFileError(_("Die Datei ist eine ältere Excel-Datei (.xls) oder mit einem Passwort geschützt; "
                                "bitte speichern Sie sie ohne Passwort als .xlsx."))
    try:
        with checked_zip(content, max_members=MAX_ZIP_MEMBERS, max_uncompressed=MAX_UNCOMPRESSED,
                         not_a_zip=unreadable) as package:
            _check_xml_size(package)
    except UploadRefused as refused:
        raise ImportFileError(str(refused)) from refused
    # openpyxl meets a broken workbook's XML with many kinds of exception; whichever, the file is unreadable.
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:
        raise ImportFileError(unreadable) from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        return _sheet_cells(sheet) if sheet is not None else []
    except ImportFileError:
        raise
    except Exception as error:
        raise ImportFileError(unreadable) from error
    finally:
        workbook.close()


def _sheet_cells(sheet) -> list[list[str]]:
    """The sheet's rows as text, read as a stream: the declared dimension (which may claim A1:XFD1048576) is
    ignored, the header gives the columns, and reading stops past MAX_SHEET_ROWS."""
    sheet.reset_dimensions()
    header: list[str] = []
    for row in sheet.iter_rows(max_row=1, max_col=MAX_COLUMNS, values_only=True):
        header = [_xlsx_text(value) for value in row]
    while header and not header[-1].strip():
        header.pop()
    _check_row(1, header)
    cells = [header]
    rows = sheet.iter_rows(min_row=2, max_row=MAX_SHEET_ROWS + 1, max_col=max(len(header), 1), values_only=True)
    for number, row in enumerate(rows, start=2):
        texts = [_xlsx_text(value) for value in row]
        _check_row(number, texts)
        cells.append(texts)
    return cells


def _check_xml_size(package: zipfile.ZipFile) -> None:
    """Counts the elements of every XML member with expat (nothing is built) before openpyxl, which keeps a
    row's cells, the shared strings and unknown elements in memory, reads any of them."""
    counts = {"elements": 0, "cells": 0}

    def start(name, attributes):
        counts["elements"] += 1
        if name == "row" or name.endswith(":row"):
            counts["cells"] = 0
        elif name == "c" or name.endswith(":c"):
            counts["cells"] += 1
            if counts["cells"] > MAX_CELLS_PER_ROW:
                raise ImportFileError(_("Eine Zeile der Excel-Datei hat mehr als %(max)d Zellen.",
                                        max=MAX_CELLS_PER_ROW))
        if counts["elements"] > MAX_XML_ELEMENTS:
            raise ImportFileError(_("Die Excel-Datei ist zu umfangreich; bitte speichern Sie nur die Tabelle "
                                    "mit den Personen."))

    def doctype(*_args):
        raise ImportFileError(_("Die Excel-Datei konnte nicht gelesen werden."))

    for member in package.infolist():
        parser = expat.ParserCreate()
        parser.StartElementHandler = start
        parser.StartDoctypeDeclHandler = doctype
        try:
            with package.open(member) as stream:
                parser.ParseFile(stream)
        except expat.ExpatError:
            continue  # not XML (an image); openpyxl stops at the same place if it reads it
        except ImportFileError:
            raise
        except Exception as error:  # BadZipFile, zlib.error, a bad offset, an encrypted member...
            raise ImportFileError(_("Die Excel-Datei konnte nicht gelesen werden.")) from error


def _xlsx_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _normalise_header(title: str) -> str:
    return title.strip().lstrip("\ufeff").lower().replace("-", "_").replace(" ", "_")


def _with_header(cells: list[list[str]]) -> list[tuple[int, dict[str, str]]]:
    if not cells or not any(cell.strip() for cell in cells[0]):
        raise ImportFileError(_("Die Datei ist leer oder hat keine Kopfzeile."))
    positions = {}
    for index, title in enumerate(cells[0]):
        normalised = _normalise_header(title)
        for column, aliases in COLUMNS.items():
            if normalised in aliases and column not in positions:
                positions[column] = index
    missing = [column for column in REQUIRED if column not in positions]
    if missing:
        names = {"given_name": _("Vorname"), "family_name": _("Nachname"), "email": _("E-Mail")}
        raise ImportFileError(_("Es fehlen Spalten: %(columns)s. Erwartet werden Vorname, Nachname, E-Mail "
                                "sowie optional Organisation und Kommune.",
                                columns=", ".join(names[column] for column in missing)))
    table = []
    for number, row in enumerate(cells[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        table.append((number, {column: (row[index].strip() if index < len(row) else "")
                               for column, index in positions.items()}))
    if len(table) > MAX_ROWS:
        raise ImportFileError(_("Die Datei hat mehr als %(max)d Zeilen; bitte teilen Sie sie auf.", max=MAX_ROWS))
    return table


def validate(table: list[tuple[int, dict[str, str]]], kommunen: list[KommuneOption],
             organisation_types: set[str]) -> tuple[list[ImportRow], list[tuple[int, str]]]:
    """Checks every row; returns the rows and a list of (row number, reason), empty when the file is clean."""
    by_name: dict[str, list[KommuneOption]] = {}
    for kommune in kommunen:
        by_name.setdefault(kommune.name.lower(), []).append(kommune)
        by_name.setdefault(f"{kommune.name} ({kommune.bundesland})".lower(), []).append(kommune)
    rows, errors, seen = [], [], {}
    for number, values in table:
        row = ImportRow(number=number, **{column: values.get(column, "") for column in COLUMNS})
        for column, label in (("given_name", _("Vorname")), ("family_name", _("Nachname"))):
            if not getattr(row, column):
                errors.append((number, _("%(column)s fehlt.", column=label)))
            elif len(getattr(row, column)) > 120:
                errors.append((number, _("%(column)s ist zu lang.", column=label)))
        if not row.email:
            errors.append((number, _("E-Mail fehlt.")))
        else:
            try:
                row.email = validate_email(row.email, check_deliverability=False).normalized.lower()
            except EmailNotValidError:
                errors.append((number, _("„%(email)s“ ist keine gültige E-Mail-Adresse.", email=row.email)))
            else:
                if row.email in seen:
                    errors.append((number, _("Die E-Mail-Adresse steht schon in Zeile %(row)d.", row=seen[row.email])))
                else:
                    seen[row.email] = number
        if row.kommune:
            matches = by_name.get(row.kommune.lower(), [])
            if len(matches) == 1:
                row.kommune_id = matches[0].id
            elif not matches:
                errors.append((number, _("Die Kommune „%(name)s“ ist kein Mitglied dieses Netzwerks.", name=row.kommune)))
            else:
                errors.append((number, _("Die Kommune „%(name)s“ ist mehrdeutig; bitte mit Bundesland angeben, "
                                         "z. B. „%(example)s“.", name=row.kommune,
                                         example=f"{matches[0].name} ({matches[0].bundesland})")))
        if any(CONTROL_CHARACTERS.search(getattr(row, column)) for column in COLUMNS):
            errors.append((number, _("Die Zeile enthält unsichtbare Steuerzeichen; bitte entfernen Sie sie.")))
        if len(row.function) > 200:
            errors.append((number, _("Die Funktion ist zu lang.")))
        if len(row.organisation) > 200:
            errors.append((number, _("Der Name der Organisation ist zu lang.")))
        if row.organisation_type and row.organisation_type not in organisation_types:
            errors.append((number, _("Unbekannte Organisationsart „%(type)s“.", type=row.organisation_type)))
        rows.append(row)
    return rows, errors


def parse(filename: str, content: bytes, kommunen: list[KommuneOption],
          organisation_types: set[str]) -> tuple[list[ImportRow], list[tuple[int, str]]]:
    """Read and check a file in one step; ImportFileError when it cannot be read at all."""
    return validate(read_table(filename, content), kommunen, organisation_types)
