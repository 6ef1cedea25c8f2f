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
    rows = _csv_rows(text, _delimiter(text))
    dataset = tablib.Dataset(*rows[1:], headers=rows[0] if rows else None)
    return _without_empty_rows(dataset)


def _without_empty_rows(dataset: tablib.Dataset) -> tablib.Dataset:
    """Without the empty rows at the end: Excel writes ";;;;" for rows whose cells were cleared.
    Empty rows further up stay, so that the row numbers of messages are the file's own (an
    import skips them: `BatchResource.import_row`)."""
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


def _csv_rows(text: str, delimiter: str) -> list[list[str]]:
    """The lines of a CSV text as rows of cells, each as wide as the heading. Refuses, naming the
    line, what tablib would read wrongly without a word: a quoted text that is not closed (the
    lines after it become one cell) and a row with more or fewer cells than the heading (a
    shorter one it fills with empty cells, which would empty those columns on an update). A
    blank line after the heading is a row of empty cells, so that the rows keep their numbers."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    rows = []
    line = 1  # where the row being read starts
    try:
        for row in reader:
            if row or rows:  # blank lines before the heading are not rows
                rows.append(_as_wide_as(rows[0] if rows else row, row, line))
            line = reader.line_num + 1
    except csv.Error as error:
        quote = _unclosed_quote(text, line, delimiter)
        if quote is None:
            raise ImportFileError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None
        raise ImportFileError(
            _(
                "The quoted text that starts on line %(line)s is not closed properly, so the lines "
                'after it would be read into one cell. Check that the text ends with a quote (") '
                "right before the separator or the end of its line, and that a quote inside a text "
                'is written twice ("").'
            )
            % {"line": quote}
        ) from None
    return rows


def _as_wide_as(header: list[str], row: list[str], line: int) -> list[str]:
    """`row` as wide as `header`; a row of empty cells may be shorter (Excel writes ";;" for a
    cleared row), any other row must have a cell for every column."""
    if len(row) < len(header) and all(_blank(cell) for cell in row):
        return row + [""] * (len(header) - len(row))
    if len(row) != len(header):
        raise ImportFileError(
            _(
                "Line %(line)s has %(found)s columns where the first line names %(expected)s. "
                "Check the separators (commas or semicolons) and the quotes around texts that contain them."
            )
            % {"line": line, "found": len(row), "expected": len(header)}
        )
    return row


def _unclosed_quote(text: str, line: int, delimiter: str) -> int | None:
    """The line on which a quoted cell opens that does not close where a cell ends (right before
    a separator or the end of a line), in the row that starts on `line`; None when that row's
    quotes are right (the reader stopped for another reason)."""
    position = 0
    for _line in range(line - 1):
        position = text.index("\n", position) + 1
    current, opened, cell_starts = line, None, True
    while position < len(text):
        char = text[position]
        if opened is None:
            if char == "\n":
                return None  # the end of the row, every quote closed
            if char == '"' and cell_starts:
                opened = current
            cell_starts = char == delimiter
        elif char == '"':
            after = text[position + 1 : position + 2]
            if after == '"':
                position += 1  # a quote written twice, inside the text
            elif after in (delimiter, "\r", "\n", ""):
                opened = None
            else:
                return opened
        if char == "\n":
            current += 1
        position += 1
    return opened


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
        # An empty row stays (the rows after it keep their numbers), unless it is at the end.
        values = list(values)[: len(dataset.headers)]
        dataset.append(values + [None] * (len(dataset.headers) - len(values)))
    book.close()
    return _without_empty_rows(dataset)
