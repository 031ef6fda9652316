"""Reading a participant list (CSV or XLSX) and checking every row: bytes in, rows and errors out (no database).

Row numbers are those a spreadsheet shows: the header is row 1, the first person row 2.
"""
import csv
import io
import zipfile
from dataclasses import asdict, dataclass

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from openpyxl import load_workbook

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000  # one import registers every row inside a single request

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
    if b"\x00" in content:
        raise ImportFileError(_("Die Datei ist keine CSV-Textdatei."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")  # Excel's "CSV" on German Windows
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_cells(content: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise ImportFileError(_("Die Excel-Datei konnte nicht gelesen werden.")) from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return []
        return [[_xlsx_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


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
