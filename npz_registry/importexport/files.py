"""Reading an uploaded or stored file into rows, with messages staff can act on.

A file that is too big, not UTF-8, not a spreadsheet or empty is refused here with a Dutch
message naming what is wrong, before any row is read; no traceback or server path is shown.
"""

import csv
import io
import zipfile

import tablib
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from npz_registry.importexport.resources import ImportFileError

FORMATS = ("csv", "xlsx")


def size_problem(size: int) -> str | None:
    limit = settings.NPZ_IMPORT_MAX_BYTES
    if size > limit:
        return _("The file is %(size)s; an import takes at most %(limit)s. Split the file.") % {
            "size": filesizeformat(size),
            "limit": filesizeformat(limit),
        }
    return None


def read_dataset(data: bytes, file_format: str) -> tablib.Dataset:
    """The rows of a CSV (UTF-8) or XLSX file; raises ImportFileError with a Dutch message."""
    problem = size_problem(len(data))
    if problem:
        raise ImportFileError(problem)
    dataset = read_xlsx(data) if file_format == "xlsx" else read_csv(data)
    if not dataset.headers:
        raise ImportFileError(_("The file is empty: the first row must name the columns."))
    return dataset


#: How spreadsheet files begin: XLSX and ODS are ZIP archives, XLS an OLE compound file.
SPREADSHEET_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def read_csv(data: bytes) -> tablib.Dataset:
    if data.startswith(SPREADSHEET_SIGNATURES):
        raise ImportFileError(
            _(
                "This is a spreadsheet, not a text (CSV) file: choose the format XLSX "
                "(save an .xls or .ods file as .xlsx first)."
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            _(
                "The file is not UTF-8 encoded (byte 0x%(byte)02x on line %(line)s is not valid UTF-8; "
                "Excel writes such files as “CSV (gescheiden door lijstscheidingsteken)”). "
                "Save it as “CSV UTF-8” and import it again."
            )
            % {"byte": data[error.start], "line": line}
        ) from None
    if "\x00" in text:
        raise ImportFileError(
            _("The file is not a text (CSV) file. Choose the format XLSX for a spreadsheet.")
        )
    delimiter = _delimiter(text)
    try:
        dataset = tablib.Dataset().load(text, format="csv", delimiter=delimiter)
    except tablib.InvalidDimensions:
        raise ImportFileError(_uneven_row(text, delimiter)) from None
    except csv.Error as error:
        raise ImportFileError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None
    return _without_empty_rows(dataset)


def _without_empty_rows(dataset: tablib.Dataset) -> tablib.Dataset:
    """Without the empty rows at the end: Excel writes ";;;;" for rows whose cells were cleared
    (read_xlsx skips them too). Rows further up stay, so that row numbers match the file."""
    while len(dataset) and all(_blank(cell) for cell in dataset[-1]):
        del dataset[-1]
    return dataset


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _delimiter(text: str) -> str:
    """Commas, or semicolons when the first line is made of those (Excel in Belgium writes “CSV
    UTF-8” with semicolons); separators inside quotes do not count."""
    try:
        return csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;").delimiter
    except csv.Error:  # one column: no separator to find
        return ","


def _uneven_row(text: str, delimiter: str) -> str:
    """Which row has more columns than the first (what tablib refuses; a shorter one it fills)."""
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(rows, [])
    for line, row in enumerate(rows, 2):
        if len(row) > len(header):
            return _(
                "Line %(line)s has %(found)s columns where the first line names %(expected)s. "
                "Check the separators (commas or semicolons) and the quotes around texts that contain them."
            ) % {"line": line, "found": len(row), "expected": len(header)}
    return _("The CSV file cannot be read: its lines do not have the same number of columns.")


def read_xlsx(data: bytes) -> tablib.Dataset:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError(
            _(
                "The file is not an Excel workbook (.xlsx). Choose the format CSV for a text file; "
                "save an .xls or .ods file as .xlsx first."
            )
        ) from None
    sheet = book.active
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    dataset = tablib.Dataset()
    if not header:
        return dataset
    dataset.headers = ["" if cell is None else str(cell).strip() for cell in header]
    limit = settings.NPZ_IMPORT_MAX_ROWS
    for number, values in enumerate(rows, 1):
        if number > limit:
            raise ImportFileError(
                _("The file has more than %(limit)s rows; an import takes at most %(limit)s. Split the file.")
                % {"limit": limit}
            )
        values = list(values)[: len(dataset.headers)]
        if all(value is None or value == "" for value in values):
            continue  # empty rows at the end of a sheet
        dataset.append(values + [None] * (len(dataset.headers) - len(values)))
    book.close()
    return dataset
