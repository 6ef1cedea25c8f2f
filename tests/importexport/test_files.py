"""Reading a CSV file (npz_registry.importexport.files): what a CSV reader would silently read
wrong is refused with a message naming the line, before any row is imported: a quote that is
never closed (it swallows the lines after it), and a row with fewer or more cells than the
heading (padding it would empty columns on an update). An empty row between others is kept, so
that messages name the rows as the spreadsheet numbers them, and is skipped by the import."""

import io

import openpyxl
import pytest
from django.utils import translation

from networks.models import Municipality
from networks.resources import MunicipalityResource
from npz_registry.importexport.files import read_csv, read_dataset
from npz_registry.importexport.resources import ImportFileError, result_errors
from tests.importexport.test_admin import post_import
from tests.networks.factories import MunicipalityFactory

HEADING = b"nis_code,name,region,province\n"


def refusal(content: bytes) -> str:
    with translation.override("en"), pytest.raises(ImportFileError) as error:
        read_csv(content)
    return str(error.value)


@pytest.mark.parametrize(
    "lines",
    [
        b'11001,Aartselaar,Vlaams Gewest,Antwerpen\n11002,"Antwerpen,Vlaams Gewest,Antwerpen\n'
        b"11004,Boechout,Vlaams Gewest,Antwerpen\n",
        b'11001,Aartselaar,Vlaams Gewest,Antwerpen\n11002,Antwerpen,Vlaams Gewest,"abc\n'
        b'11004,"Boechout",Vlaams Gewest,Antwerpen\n',
    ],
    ids=["open to the end of the file", "closed by the next quote, inside a later line"],
)
def test_a_quote_that_is_not_closed_is_refused_naming_the_line_where_it_opens(lines):
    assert refusal(HEADING + lines) == (
        "The quoted text that starts on line 3 is not closed properly, so the lines after it would be "
        'read into one cell. Check that the text ends with a quote (") right before the separator or '
        'the end of its line, and that a quote inside a text is written twice ("").'
    )


def test_a_quoted_text_over_several_lines_with_quotes_inside_is_still_read():
    dataset = read_csv(HEADING + b'11001,"Aartselaar\n(""Aartje"")",Vlaams Gewest,Antwerpen\n')

    assert dataset[0][1] == 'Aartselaar\n("Aartje")'


def test_a_line_with_fewer_cells_than_the_heading_is_refused_naming_it():
    content = HEADING + b"11001,Aartselaar,Vlaams Gewest,Antwerpen\n11002,Antwerpen\n"

    assert refusal(content) == (
        "Line 3 has 2 columns where the first line names 4. Check the separators (commas or "
        "semicolons) and the quotes around texts that contain them."
    )


def test_a_line_of_empty_cells_may_be_shorter_than_the_heading():
    dataset = read_csv(HEADING + b"11001,Aartselaar,Vlaams Gewest,Antwerpen\n,\n")

    assert len(dataset) == 1  # an empty row at the end, dropped as before


@pytest.mark.django_db
def test_a_short_line_changes_nothing_rather_than_emptying_the_columns_it_lacks(staff_client):
    MunicipalityFactory(nis_code="11002", name="Antwerpen", province="Antwerpen")
    content = HEADING + b"11002,Antwerpen\n"

    response = post_import(staff_client, content)

    assert response.context["form"].errors["import_file"][0].startswith("Regel 2 heeft 2 kolommen")
    assert "confirm_form" not in response.context
    assert Municipality.objects.get().province == "Antwerpen"


@pytest.mark.django_db
def test_a_quote_not_closed_is_refused_in_the_admin_and_changes_nothing(staff_client):
    content = (
        HEADING + b'11001,"Aartselaar,Vlaams Gewest,Antwerpen\n11002,Antwerpen,Vlaams Gewest,Antwerpen\n'
    )

    response = post_import(staff_client, content)

    [error] = response.context["form"].errors["import_file"]
    with translation.override("nl-be"), pytest.raises(ImportFileError) as read_alone:
        read_csv(content)
    assert error == str(read_alone.value)  # the back office speaks Dutch: the same message
    assert "confirm_form" not in response.context
    assert not Municipality.objects.exists()


def xlsx_with_rows(rows: dict[int, list]) -> bytes:
    """A workbook with `rows` at their sheet row numbers; rows not given stay empty, as Excel
    leaves them (no cells written at all)."""
    book = openpyxl.Workbook()
    for number, cells in rows.items():
        for column, value in enumerate(cells, 1):
            book.active.cell(row=number, column=column, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FIRST = b"11001,A,Vlaams Gewest,Antwerpen\n"
LATER = b"11002,B,Vlaams Gewest,Antwerpen\n1103,C,Vlaams Gewest,Antwerpen\n"
TOWN = ["Vlaams Gewest", "Antwerpen"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, file_format",
    [
        (HEADING + FIRST + b"\n" + LATER, "csv"),
        (HEADING + FIRST + b",,,\n" + LATER, "csv"),
        (HEADING + FIRST + b", \n" + LATER, "csv"),
        (
            xlsx_with_rows(
                {
                    1: HEADING.decode().split(","),
                    2: ["11001", "A", *TOWN],
                    4: ["11002", "B", *TOWN],
                    5: ["1103", "C", *TOWN],
                }
            ),
            "xlsx",
        ),
        (
            xlsx_with_rows(
                {
                    1: HEADING.decode().split(","),
                    2: ["11001", "A", *TOWN],
                    3: ["", None, " ", ""],
                    4: ["11002", "B", *TOWN],
                    5: ["1103", "C", *TOWN],
                    7: ["", "", "", ""],
                }
            ),
            "xlsx",
        ),
    ],  # fmt: skip
    ids=[
        "csv blank line",
        "csv empty cells",
        "csv shorter empty line",
        "xlsx empty row",
        "xlsx cleared cells",
    ],
)
def test_an_error_after_an_empty_row_names_the_row_of_the_spreadsheet(content, file_format):
    # Row 3 is empty; the error is in row 5 of the file, as Excel numbers it (the heading is row 1).
    result = MunicipalityResource().import_data(read_dataset(content, file_format))

    assert [(error["row"], error["column"]) for error in result_errors(result)] == [(5, "nis_code")]
    assert not Municipality.objects.exists()


@pytest.mark.django_db
def test_an_empty_row_between_others_is_neither_an_error_nor_counted_nor_previewed():
    content = HEADING + b"11001,A,Vlaams Gewest,Antwerpen\n,,,\n\n11002,B,Vlaams Gewest,Antwerpen\n,,,\n"

    result = MunicipalityResource().import_data(read_dataset(content, "csv"))

    assert not result.has_errors() and not result.has_validation_errors()
    assert {kind: count for kind, count in result.totals.items() if count} == {"new": 2}
    assert [row.import_type for row in result.valid_rows()] == ["new", "new"]
    assert Municipality.objects.count() == 2
