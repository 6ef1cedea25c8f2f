"""Import and export in the admin: bad files get a Dutch message (never a traceback or a 500)
and change nothing, previews speak Dutch, exports are named in Dutch with the date, formulas
are escaped, an export imports back unchanged, big files run as a background job, and every
import and export URL refuses outsiders."""

import datetime
import io

import openpyxl
import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from networks.models import LegacyOrganisation, Municipality
from npz_registry.importexport.admin import RegistryImportExportMixin
from npz_registry.importexport.models import ImportJob
from tests.importexport.conftest import FORMULA, csv_bytes, upload
from tests.networks.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db

COLUMNS = ["nis_code", "name", "region", "province"]


def import_url(model="municipality", app="networks", step="import"):
    return reverse(f"admin:{app}_{model}_{step}")


def post_import(client, content, name="gemeenten.csv", file_format="0", create_new=True, url=None):
    data = {"import_file": upload(content, name), "format": file_format, "resource": "0"}
    if create_new:
        data["create_new"] = "on"
    return client.post(url or import_url(), data)


def rows_csv(*rows):
    return csv_bytes(COLUMNS, [[nis, name, "Vlaams Gewest", "Antwerpen"] for nis, name in rows])


def page(response) -> str:
    return response.content.decode()


def assert_no_traceback(html):
    assert "Traceback" not in html and "site-packages" not in html and "/work/" not in html


def test_a_latin_1_file_gets_a_dutch_message_naming_the_line_and_changes_nothing(staff_client):
    content = "nis_code,name,region,province\n11001,Aartselaar,Vlaams Gewest,Antwerpen\n11004,Boechout é,,\n"

    response = post_import(staff_client, content.encode("latin-1"))

    assert response.status_code == 200
    errors = response.context["form"].errors["import_file"]
    assert errors == [
        "Het bestand is niet in UTF-8 gecodeerd (byte 0xe9 op regel 3 is geen geldige UTF-8; Excel bewaart "
        "zulke bestanden als “CSV (gescheiden door lijstscheidingsteken)”). Bewaar het als “CSV UTF-8” en "
        "importeer het opnieuw."
    ]
    assert_no_traceback(page(response))
    assert not Municipality.objects.exists()


def test_a_csv_with_semicolons_as_belgian_excel_writes_it_is_read(staff_client):
    content = "nis_code;name;region;province\n11001;Aartselaar;Vlaams Gewest;Antwerpen\n"

    response = post_import(staff_client, content.encode("utf-8-sig"))

    assert response.status_code == 200 and "confirm_form" in response.context
    assert "Aartselaar" in page(response)


def test_the_separator_is_found_outside_quotes_and_a_short_line_is_filled():
    from npz_registry.importexport.files import read_csv

    assert read_csv(b'code,"a;b;c"\n1,2\n').headers == ["code", "a;b;c"]
    assert read_csv(b'"naam, voornaam";code\nPeeters, An;7\n').headers == ["naam, voornaam", "code"]
    assert read_csv(b"code\n1\n").headers == ["code"]


def test_a_line_with_a_column_too_many_is_named(staff_client):
    content = (
        "nis_code,name,region,province\n11001,Aartselaar,Vlaams Gewest,Antwerpen\n11002,Antwerpen,x,y,z\n"
    )

    response = post_import(staff_client, content.encode())

    assert response.context["form"].errors["import_file"] == [
        "Regel 3 heeft 5 kolommen waar de eerste regel er 4 noemt. Controleer de scheidingstekens (komma's "
        "of puntkomma's) en de aanhalingstekens rond teksten die ze bevatten."
    ]
    assert not Municipality.objects.exists()


def test_wrong_headers_get_a_dutch_message_and_no_traceback(staff_client):
    response = post_import(staff_client, csv_bytes(["NIS", "Gemeente"], [["11001", "Aartselaar"]]))

    assert response.status_code == 200
    html = page(response)
    assert "Het bestand mist de kolom(men) nis_code, name, region." in html
    assert "Gevonden: NIS, Gemeente." in html
    assert_no_traceback(html)
    assert "confirm_form" not in response.context
    assert not Municipality.objects.exists()


def test_an_oversized_file_is_refused_with_a_dutch_message_and_changes_nothing(staff_client, settings):
    MunicipalityFactory(nis_code="11001", name="Aartselaar")
    settings.NPZ_IMPORT_MAX_BYTES = 1024
    content = rows_csv(*[(f"{11001 + n}", "Gemeente met een lange naam " * 3) for n in range(40)])

    response = post_import(staff_client, content)

    assert response.status_code == 200
    [error] = response.context["form"].errors["import_file"]
    assert (
        error == "Het bestand is 4,6\xa0KB groot; een import neemt hoogstens 1,0\xa0KB. Splits het bestand."
    )
    assert list(Municipality.objects.values_list("name", flat=True)) == ["Aartselaar"]


def test_a_file_that_is_not_a_workbook_is_refused_as_xlsx(staff_client):
    response = post_import(
        staff_client, rows_csv(("11001", "Aartselaar")), name="gemeenten.xlsx", file_format="1"
    )

    assert response.context["form"].errors["import_file"] == [
        "Het bestand is geen Excel-werkmap (.xlsx). Kies het formaat CSV voor een tekstbestand; "
        "bewaar een .xls- of .ods-bestand eerst als .xlsx."
    ]


def test_the_preview_shows_dutch_column_names_and_fits_the_screen(staff_client):
    response = post_import(staff_client, rows_csv(("11001", "Aartselaar")))

    html = page(response)
    assert response.context["column_labels"][:2] == [("NIS-code", "nis_code"), ("Naam", "name")]
    assert 'class="npz-import-preview"' in html and "importexport.css" in html
    assert "1 nieuw, 0 gewijzigd, 0 ongewijzigd of overgeslagen." in html
    assert not Municipality.objects.exists()


def test_an_unknown_nis_code_is_refused_in_the_admin_unless_staff_tick_the_box(staff_client):
    response = post_import(staff_client, rows_csv(("99999", "Spookgemeente")), create_new=False)

    assert "staat niet in de tabel" in page(response)
    assert "confirm_form" not in response.context

    response = post_import(staff_client, rows_csv(("99999", "Nieuwe gemeente")), create_new=True)
    confirm = response.context["confirm_form"].initial
    assert ImportJob.objects.get().create_new is True  # kept with the preview, not in the form
    staff_client.post(import_url(step="process_import"), confirm)
    assert Municipality.objects.get().name == "Nieuwe gemeente"


def export(client, model, app="networks", file_format="0"):
    url = reverse(f"admin:{app}_{model}_export")
    form = client.get(url).context["form"]
    data = {name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)}
    return client.post(url, {**data, "format": file_format, "resource": "0"})


def test_exports_are_named_in_dutch_with_the_date_and_escape_formulas(staff_client, every_table):
    today = timezone.localdate().isoformat()

    as_csv = export(staff_client, "municipality")
    assert as_csv["Content-Disposition"] == f'attachment; filename="gemeenten-{today}.csv"'
    assert f"'{FORMULA}" in as_csv.content.decode().replace('""', '"')

    as_xlsx = export(staff_client, "legacyorganisation", file_format="1")
    assert as_xlsx["Content-Disposition"] == f'attachment; filename="bestaande-organisaties-{today}.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx.content)).active
    notes = [cell for row in sheet.iter_rows() for cell in row if str(cell.value).startswith("'=")]
    assert notes and all(cell.data_type == "s" for cell in notes)


@pytest.mark.parametrize("model", ["municipality", "legacyorganisation"])
def test_an_xlsx_export_imports_back_unchanged_through_the_admin(staff_client, every_table, model):
    exported = export(staff_client, model, file_format="1").content
    before = {o.pk: o.updated_at for o in admin_model(model).objects.all()}

    response = post_import(staff_client, exported, name="export.xlsx", file_format="1", url=import_url(model))
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == len(before) and result.totals["new"] == result.totals["update"] == 0

    staff_client.post(import_url(model, step="process_import"), response.context["confirm_form"].initial)
    assert {o.pk: o.updated_at for o in admin_model(model).objects.all()} == before
    assert LegacyOrganisation.objects.get(code="pn-test").notes == FORMULA


def admin_model(model_name):
    return next(model for model in admin.site._registry if model._meta.model_name == model_name)


# --- background jobs ----------------------------------------------------------------------


@pytest.fixture
def big_files(settings):
    """Files of more than two rows run as background jobs (the default is 1,000)."""
    settings.NPZ_IMPORT_BACKGROUND_ROWS = 2


@pytest.fixture
def checked_in_background(staff_client, big_files, django_capture_on_commit_callbacks):
    """Staff upload a file of `rows`: it runs as a background check at once; returns its job."""

    def check(*rows):
        with django_capture_on_commit_callbacks(execute=True):
            post_import(staff_client, rows_csv(*rows))
        return ImportJob.objects.get()

    return check


def confirm_url(job):
    return reverse("admin:networks_municipality_import_job_confirm", args=[job.pk])


def test_a_big_file_runs_as_a_job_whose_page_shows_progress_then_the_result(
    staff_client, staff_user, big_files, django_capture_on_commit_callbacks
):
    content = rows_csv(("11001", "Aartselaar"), ("11002", "Antwerpen"), ("11004", "Boechout"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post_import(staff_client, content)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    waiting = page(staff_client.get(job.get_absolute_url()))
    assert "0 van 3 rijen gelezen" in waiting and 'http-equiv="refresh"' in waiting

    for callback in callbacks:
        callback()  # the job runs (at once in tests, in a thread in the web server)

    job.refresh_from_db()
    assert job.status == "DONE" and job.processed_rows == 3 and job.dry_run
    done = page(staff_client.get(job.get_absolute_url()))
    assert "nieuw: 3" in done and "Import bevestigen" in done and 'http-equiv="refresh"' not in done
    assert not Municipality.objects.exists()  # a dry run

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(confirm_url(job))
    commit = ImportJob.objects.get(dry_run=False)
    assert response["Location"] == commit.get_absolute_url()
    assert commit.status == "DONE" and commit.result["totals"] == {"new": 3}
    assert Municipality.objects.count() == 3
    assert Municipality.objects.get(nis_code="11001").history.get().history_user == staff_user
    assert "elke rij is bewaard" in page(staff_client.get(commit.get_absolute_url()))
    assert ImportJob.objects.get(pk=job.pk).data == b""  # the file is not kept once imported


def test_a_job_with_one_bad_row_saves_nothing_and_lists_the_row(staff_client, checked_in_background):
    job = checked_in_background(("11001", "Aartselaar"), ("11002", "Antwerpen"), ("1104", "Fout"))

    html = page(staff_client.get(job.get_absolute_url()))
    assert job.result["error_count"] == 1
    assert job.result["errors"] == [
        {
            "row": 4,  # in the spreadsheet: the heading is row 1
            "column": "nis_code",
            "value": "1104",
            "message": "Een NIS-code heeft precies vijf cijfers (bijvoorbeeld 11002).",
        }
    ]
    assert "Er is niets bewaard" in html and "Import bevestigen" not in html
    response = staff_client.post(confirm_url(job))
    assert response.status_code == 302 and not ImportJob.objects.filter(dry_run=False).exists()
    assert not Municipality.objects.exists()


def test_a_job_reports_its_progress_while_it_reads(staff_user):
    from networks.resources import MunicipalityResource
    from npz_registry.importexport.files import read_dataset
    from npz_registry.importexport.jobs import progress_of

    reported = []
    dataset = read_dataset(rows_csv(*[(f"{10000 + n}", f"Gemeente {n}") for n in range(260)]), "csv")
    MunicipalityResource(progress=reported.append).import_data(dataset, dry_run=True)
    assert reported == [250]  # every 250 rows, while the rows are read

    job = ImportJob.objects.create(
        model_label="networks.municipality", resource="x", file_name="f", total_rows=260
    )
    progress_of(job)(250)
    job.refresh_from_db()
    assert job.processed_rows == 250 and job.percent == 96


def test_a_job_that_outlived_its_process_is_shown_as_interrupted(staff_client, staff_user):
    job = ImportJob.objects.create(
        model_label="networks.municipality",
        resource="networks.resources.MunicipalityResource",
        file_name="gemeenten.csv",
        file_format="csv",
        total_rows=5000,
        status="RUNNING",
        created_by=staff_user,
    )
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=1))

    html = page(staff_client.get(job.get_absolute_url()))

    assert "Deze import werd onderbroken" in html and 'http-equiv="refresh"' not in html
    assert "5.000 rijen, gestart door" in html  # a Belgian thousands separator
    ImportJob.objects.filter(pk=job.pk).update(total_rows=1)
    assert "1 rij, gestart door" in page(staff_client.get(job.get_absolute_url()))


def test_the_import_page_writes_its_limits_with_a_thousands_separator(staff_client, settings):
    settings.NPZ_IMPORT_MAX_ROWS, settings.NPZ_IMPORT_BACKGROUND_ROWS = 20000, 1000
    html = page(staff_client.get(reverse("admin:networks_municipality_import")))
    assert "20.000 rijen" in html and "1.000 rijen" in html


@pytest.mark.django_db(transaction=True)
def test_a_job_runs_in_a_thread_of_the_web_process(staff_user, settings):
    from npz_registry.importexport.jobs import launch

    settings.NPZ_IMPORT_JOBS_IN_THREAD = True
    job = ImportJob.objects.create(
        model_label="networks.municipality",
        resource="networks.resources.MunicipalityResource",
        create_new=True,
        file_name="gemeenten.csv",
        file_format="csv",
        data=rows_csv(("11001", "Aartselaar")),
        dry_run=False,
        total_rows=1,
        created_by=staff_user,
    )

    thread = launch(job.pk)
    thread.join(timeout=60)  # a safety net for a hung thread, not a measurement

    job.refresh_from_db()
    assert job.status == "DONE" and job.result["totals"] == {"new": 1}
    assert Municipality.objects.get().history.get().history_user == staff_user


# --- who may import and export ------------------------------------------------------------


def import_export_urls():
    """Every import and export URL of every admin that has them (a job of the table for the
    job pages)."""
    urls = []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, RegistryImportExportMixin):
            continue
        info = model._meta.app_label, model._meta.model_name
        for step in ("import", "process_import", "export"):
            urls.append((model._meta.label_lower, f"admin:{info[0]}_{info[1]}_{step}", False))
        for step in ("import_job", "import_job_confirm"):
            urls.append((model._meta.label_lower, f"admin:{info[0]}_{info[1]}_{step}", True))
    return urls


def resolve(name, label, needs_job):
    if not needs_job:
        return reverse(name)
    job = ImportJob.objects.create(model_label=label, resource="x", file_name="f.csv", file_format="csv")
    return reverse(name, args=[job.pk])


@pytest.mark.parametrize("label, name, needs_job", import_export_urls(), ids=lambda v: str(v))
@pytest.mark.parametrize("client_fixture", ["anonymous_client", "coordinator_a_client", "outsider_client"])
def test_outsiders_are_sent_to_the_login_for_every_import_and_export_url(
    request, client_fixture, label, name, needs_job
):
    client = request.getfixturevalue(client_fixture)
    url = resolve(name, label, needs_job)
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302, url
        assert response["Location"].startswith((reverse("admin:login"), reverse("login"))), url


@pytest.mark.parametrize("label, name, needs_job", import_export_urls(), ids=lambda v: str(v))
def test_staff_without_the_departments_rights_are_refused_every_import_and_export_url(
    client, label, name, needs_job
):
    client.force_login(UserFactory(username="zonder-groep", is_staff=True))
    url = resolve(name, label, needs_job)

    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403


def test_a_job_is_only_shown_on_its_own_tables_page(staff_client):
    job = ImportJob.objects.create(
        model_label="networks.municipality", resource="x", file_name="f.csv", file_format="csv"
    )

    assert (
        staff_client.get(reverse("admin:networks_legacyorganisation_import_job", args=[job.pk])).status_code
        == 404
    )
    assert (
        staff_client.get(reverse("admin:networks_municipality_import_job", args=[job.pk + 1])).status_code
        == 404
    )


def test_no_import_url_exists_for_tables_without_import():
    with pytest.raises(NoReverseMatch):
        reverse("admin:networks_network_import")


def test_the_departments_municipality_file_is_offered_for_import_only(staff_client):
    """It is read, never written: its export would promise zones and figures it does not hold."""
    export_form = staff_client.get(reverse("admin:networks_municipality_export")).context["form"]
    import_form = staff_client.get(reverse("admin:networks_municipality_import")).context["form"]
    exports = (
        [str(label) for _value, label in export_form.fields["resource"].choices]
        if "resource" in export_form.fields
        else []
    )
    imports = [str(label) for _value, label in import_form.fields["resource"].choices]
    assert any("municipalities.csv" in label for label in imports)
    assert not any("municipalities.csv" in label for label in exports)


# The preview and its confirmation (exploratory test of 6 December) --------------------------


def test_a_preview_is_confirmed_only_by_who_made_it_and_only_once(staff_client, staff_user):
    from django.test import Client

    from tests.networks.factories import StaffFactory

    response = post_import(staff_client, rows_csv(("11001", "Aartselaar")))
    confirm = response.context["confirm_form"].initial
    assert "/" not in confirm["import_file_name"]  # a signed token, not a path on the server

    colleague = Client()
    colleague.force_login(StaffFactory(username="collega"))
    borrowed = colleague.post(import_url(step="process_import"), confirm, follow=True)
    assert "niet meer beschikbaar" in page(borrowed)
    forged = staff_client.post(
        import_url(step="process_import"), {**confirm, "import_file_name": "../../demo.sqlite3"}, follow=True
    )
    assert "niet meer beschikbaar" in page(forged)
    assert not Municipality.objects.exists()

    staff_client.post(import_url(step="process_import"), confirm)
    assert Municipality.objects.get().name == "Aartselaar"
    again = staff_client.post(import_url(step="process_import"), confirm, follow=True)
    assert "niet meer beschikbaar" in page(again)


def test_a_change_saved_after_the_preview_shows_the_preview_again_instead_of_overwriting_it(
    staff_client, commit_pending
):
    town = MunicipalityFactory(nis_code="11001", name="Aartselaar")
    commit_pending()
    response = post_import(staff_client, rows_csv(("11001", "Aartselaar (uit het bestand)")))
    confirm = response.context["confirm_form"].initial

    Municipality.objects.filter(pk=town.pk).update(name="Aartselaar (door een collega)")
    from npz_registry import dataversion

    dataversion.bump()
    commit_pending()  # a colleague's change, committed after the preview

    shown_again = staff_client.post(import_url(step="process_import"), confirm)
    assert "veranderd na uw voorbeeld" in page(shown_again)
    assert Municipality.objects.get().name == "Aartselaar (door een collega)"  # nothing written
    assert "confirm_form" in shown_again.context

    again = shown_again.context["confirm_form"].data.dict()  # the hidden fields the page carries
    staff_client.post(import_url(step="process_import"), again)
    assert Municipality.objects.get().name == "Aartselaar (uit het bestand)"


def test_a_background_check_followed_by_a_change_is_checked_again_before_anything_is_written(
    staff_client, checked_in_background, django_capture_on_commit_callbacks, commit_pending
):
    commit_pending()  # the staff member's account
    job = checked_in_background(("11001", "Aartselaar"), ("11002", "Antwerpen"), ("11004", "Boechout"))
    MunicipalityFactory(nis_code="11004", name="Boechout")
    from npz_registry import dataversion

    dataversion.bump()
    commit_pending()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(confirm_url(job))
    again = ImportJob.objects.exclude(pk=job.pk).get()
    assert again.dry_run and response["Location"] == again.get_absolute_url()
    assert Municipality.objects.count() == 1  # nothing of the file written
    assert "veranderd na deze controle" in page(staff_client.get(again.get_absolute_url()))


def test_files_of_previews_nobody_confirmed_are_forgotten_after_a_day(staff_client):
    post_import(staff_client, rows_csv(("11001", "Aartselaar")))
    old = ImportJob.objects.get()
    ImportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))

    post_import(staff_client, rows_csv(("11002", "Antwerpen")))

    assert ImportJob.objects.get(pk=old.pk).data == b""
    assert ImportJob.objects.exclude(pk=old.pk).get().data != b""


def test_the_preview_shows_a_changed_cell_as_the_old_value_an_arrow_and_the_new_one(staff_client):
    MunicipalityFactory(nis_code="11001", name="Aartselaar")

    html = page(post_import(staff_client, rows_csv(("11001", "Aartselaar-Dorp"))))

    assert "<del>Aartselaar</del> → <ins>Aartselaar-Dorp</ins>" in html  # whole values, not colour only
    assert '<td><div class="npz-cell">11001</div></td>' in html  # an unchanged cell as it is


def test_only_who_ran_a_background_check_confirms_it_and_only_once(checked_in_background):
    from django.test import Client

    from npz_registry.importexport import jobs
    from tests.networks.factories import StaffFactory

    job = checked_in_background(("11001", "Aartselaar"), ("11002", "Antwerpen"), ("11004", "Boechout"))
    colleague = Client()
    colleague.force_login(StaffFactory(username="collega"))
    assert "Import bevestigen" not in page(colleague.get(job.get_absolute_url()))
    refused = colleague.post(confirm_url(job), follow=True)
    assert "door iemand anders gestart" in page(refused)
    assert not ImportJob.objects.filter(dry_run=False).exists() and not Municipality.objects.exists()

    assert jobs.claim(job) and not jobs.claim(job)  # two clicks: the second finds no file


def test_the_preview_names_a_choice_by_its_label_beside_the_code_of_the_file(staff_client):
    from tests.transition.factories import FundingFactory
    from transition.resources import FundingResource

    FundingFactory(amount=100000)
    exported = FundingResource().export()
    row = {**exported.dict[0], "amount": "2500.00"}
    content = csv_bytes(exported.headers, [[row[column] for column in exported.headers]])

    html = page(
        post_import(staff_client, content, name="financiering.csv", url=import_url("funding", "transition"))
    )

    assert "recurrente werkingssubsidie (RECURRENT)" in html  # what the code of the file means
    assert "vastgelegd (FIXED)" in html and "netwerk (NETWORK)" in html
    assert "<ins>2500" in html


def test_a_confirmation_imports_what_was_previewed_whatever_its_hidden_fields_say(staff_client):
    """The preview read the department's file with its zones and "add rows with new keys";
    a confirmation posting another resource and no tick imports that same preview."""
    from tests.networks.factories import PrimaryCareZoneFactory

    PrimaryCareZoneFactory(code="rupelaar")
    content = csv_bytes(
        [*COLUMNS, "primary_care_zone"], [["11001", "Aartselaar", "Vlaams Gewest", "Antwerpen", "rupelaar"]]
    )
    data = {"import_file": upload(content, "municipalities.csv"), "format": "0", "resource": "1"}
    preview = staff_client.post(import_url(), {**data, "create_new": "on"})
    confirm = preview.context["confirm_form"].initial

    staff_client.post(import_url(step="process_import"), {**confirm, "resource": "0", "create_new": ""})

    town = Municipality.objects.get()
    assert town.primary_care_zone_memberships.get().zone.code == "rupelaar"


def test_the_municipality_files_preview_and_result_count_the_figures_it_changes(staff_client):
    """A file that changes only a figure changes no municipality: the preview and the result
    message say so, and how many figures change."""
    from django.utils import translation

    from networks.models import MunicipalityFigures
    from npz_registry.importexport.resources import derived_summary
    from tests.networks.factories import MunicipalityFiguresFactory

    town = MunicipalityFactory(nis_code="11001", name="Aartselaar")
    MunicipalityFiguresFactory(municipality=town, year=2020, population=14000)
    columns = [*COLUMNS, "population", "population_ref_date"]
    row = ["11001", "Aartselaar", "Vlaams Gewest", "Antwerpen", "14427", "2020-01-01"]
    data = {"import_file": upload(csv_bytes(columns, [row]), "municipalities.csv"), "format": "0"}

    preview = staff_client.post(import_url(), {**data, "resource": "1"})

    assert preview.context["result"].totals["skip"] == 1
    with translation.override("nl-be"):
        figures = str(MunicipalityFigures._meta.verbose_name_plural)
        expected = derived_summary([{"table": figures, "new": 0, "update": 1, "skip": 0}])
    assert expected and expected in page(preview)

    done = staff_client.post(
        import_url(step="process_import"), preview.context["confirm_form"].initial, follow=True
    )
    assert expected in [str(message) for message in done.context["messages"]]
    assert MunicipalityFigures.objects.get().population == 14427
