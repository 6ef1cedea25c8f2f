"""Partners and legal basis of the legacy organisations: each PN/PSV has one MBE and each MBE one
PN/PSV, the link is the same both ways (or empty on one side), and the legal basis follows the
kind (PN/PSV recognised, MBE under an agreement). In the admin (add, change), in imports (a row
error naming the other organisation, nothing saved) and in the database."""

import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from networks.models import LegacyOrganisation
from networks.resources import LegacyOrganisationResource
from tests.admin_helpers import change_form_data
from tests.importexport.conftest import csv_dataset
from tests.networks.factories import LegacyOrganisationFactory

pytestmark = pytest.mark.django_db

RECOGNITION = LegacyOrganisation.LegalBasis.RECOGNITION
AGREEMENT = LegacyOrganisation.LegalBasis.AGREEMENT
COLUMNS = ["id", "kind", "legal_basis", "name", "linked_id"]


def pair(pn_name, mbe_name, code):
    """A PN/PSV and its MBE, each the other's partner, as the reference data records them."""
    pn = LegacyOrganisationFactory(code=f"pn-{code}", name=pn_name, legal_basis=RECOGNITION)
    mbe = LegacyOrganisationFactory(
        code=f"mbe-{code}", name=mbe_name, mbe=True, legal_basis=AGREEMENT, partner=pn
    )
    pn.partner = mbe
    pn.save()
    return pn, mbe


def errors_of(response) -> dict:
    return response.context["adminform"].form.errors


def test_the_admin_refuses_a_second_mbe_for_a_pn_psv_and_a_recognised_mbe(admin_client):
    panal, leuven = pair("Panal", "Leuven MBE", "panal")
    url = reverse("admin:networks_legacyorganisation_add")
    data = change_form_data(
        admin_client.get(url),
        code="mbe-nieuw",
        kind="MBE",
        legal_basis=RECOGNITION,
        name="Nieuwe MBE",
        partner=panal.pk,
    )

    errors = errors_of(admin_client.post(url, data))

    assert "Leuven MBE" in errors["partner"][0] and "Panal" in errors["partner"][0]
    assert "legal_basis" in errors
    assert not LegacyOrganisation.objects.filter(code="mbe-nieuw").exists()


def test_the_admin_refuses_moving_an_mbe_to_a_pn_psv_that_has_one(admin_client):
    forum, omega = pair("Forum", "Omega", "forum")
    npzl, pallion = pair("NPZL", "Pallion", "npzl")
    url = reverse("admin:networks_legacyorganisation_change", args=[omega.pk])

    response = admin_client.post(
        url, change_form_data(admin_client.get(url), partner=npzl.pk, legal_basis=RECOGNITION)
    )

    errors = errors_of(response)
    assert "Pallion" in errors["partner"][0]
    assert "legal_basis" in errors
    omega.refresh_from_db()
    assert omega.partner == forum and omega.legal_basis == AGREEMENT
    assert LegacyOrganisation.objects.get(pk=npzl.pk).partner == pallion


def test_the_admin_refuses_a_partner_while_another_names_the_organisation(admin_client):
    """Forum's MBE Omega names Forum: Forum cannot take another MBE until Omega lets go."""
    forum, omega = pair("Forum", "Omega", "forum")
    free = LegacyOrganisationFactory(name="Vrije MBE", mbe=True)
    url = reverse("admin:networks_legacyorganisation_change", args=[forum.pk])

    response = admin_client.post(url, change_form_data(admin_client.get(url), partner=free.pk))

    assert "Omega" in errors_of(response)["partner"][0]
    forum.refresh_from_db()
    assert forum.partner == omega


def test_an_mbe_may_name_a_pn_psv_without_a_partner_and_a_link_may_be_emptied(admin_client):
    panal = LegacyOrganisationFactory(name="Panal", legal_basis=RECOGNITION)
    mbe = LegacyOrganisationFactory(name="Leuven MBE", mbe=True, legal_basis=AGREEMENT, partner=panal)
    mbe.full_clean()
    panal.partner = mbe
    panal.full_clean()  # the same both ways
    panal.save()
    panal.partner = None
    panal.full_clean()  # one side empty: allowed


def test_an_import_of_two_mbes_for_one_pn_psv_saves_nothing_and_names_the_other():
    LegacyOrganisationFactory(code="pn-panal", name="Panal", legal_basis=RECOGNITION)
    rows = csv_dataset(
        COLUMNS,
        [
            ["mbe-imp-1", "MBE", "AGREEMENT", "Import MBE een", "pn-panal"],
            ["mbe-imp-2", "MBE", "AGREEMENT", "Import MBE twee", "pn-panal"],
            ["mbe-imp-3", "MBE", "RECOGNITION", "Import MBE drie", ""],
        ],
    )

    with translation.override("en"):
        result = LegacyOrganisationResource(create_new=True).import_data(rows)

    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert sorted(errors) == [2, 3]
    assert "Import MBE een" in str(errors[2]["linked_id"])
    assert "legal basis follows the kind" in str(errors[3])
    assert not LegacyOrganisation.objects.filter(kind="MBE").exists()


def test_an_import_names_the_mbe_a_pn_psv_already_works_with():
    pair("Panal", "Leuven MBE", "panal")
    rows = csv_dataset(COLUMNS, [["mbe-imp-1", "MBE", "AGREEMENT", "Import MBE een", "pn-panal"]])

    result = LegacyOrganisationResource(create_new=True).import_data(rows)

    (invalid,) = result.invalid_rows
    assert "Leuven MBE" in str(invalid.error_dict["linked_id"])
    assert not LegacyOrganisation.objects.filter(code="mbe-imp-1").exists()


def test_an_import_of_two_new_mbes_naming_one_new_pn_psv_is_refused_by_row():
    rows = csv_dataset(
        COLUMNS,
        [
            ["pn-nieuw", "PN_PSV", "RECOGNITION", "Nieuw netwerk", "mbe-nieuw-1"],
            ["mbe-nieuw-1", "MBE", "AGREEMENT", "Nieuwe MBE een", "pn-nieuw"],
            ["mbe-nieuw-2", "MBE", "AGREEMENT", "Nieuwe MBE twee", "pn-nieuw"],
        ],
    )

    result = LegacyOrganisationResource(create_new=True).import_data(rows)

    assert [row.number for row in result.invalid_rows] == [3]
    assert not LegacyOrganisation.objects.exists()


def test_an_import_of_a_consistent_pair_links_both_ways():
    rows = csv_dataset(
        COLUMNS,
        [
            ["pn-nieuw", "PN_PSV", "RECOGNITION", "Nieuw netwerk", "mbe-nieuw"],
            ["mbe-nieuw", "MBE", "AGREEMENT", "Nieuwe MBE", "pn-nieuw"],
        ],
    )

    result = LegacyOrganisationResource(create_new=True).import_data(rows)

    assert not result.invalid_rows and not result.has_errors()
    pn = LegacyOrganisation.objects.select_related("partner__partner").get(code="pn-nieuw")
    assert pn.partner.code == "mbe-nieuw" and pn.partner.partner == pn


def test_the_database_refuses_a_second_organisation_with_the_same_partner():
    panal, _leuven = pair("Panal", "Leuven MBE", "panal")
    with pytest.raises(IntegrityError), transaction.atomic():
        LegacyOrganisationFactory(mbe=True, partner=panal)


def test_the_database_refuses_a_legal_basis_of_the_other_kind():
    with pytest.raises(IntegrityError), transaction.atomic():
        LegacyOrganisationFactory(mbe=True, legal_basis=RECOGNITION)
    with pytest.raises(IntegrityError), transaction.atomic():
        LegacyOrganisationFactory(legal_basis=AGREEMENT)
    LegacyOrganisationFactory(mbe=True, legal_basis="")  # not recorded: allowed


def test_the_reference_file_satisfies_the_rules(reference_data):
    organisations = list(LegacyOrganisation.objects.select_related("partner"))
    for organisation in organisations:
        assert organisation.legal_basis in (
            "",
            organisation.LegalBasis.RECOGNITION
            if organisation.kind == "PN_PSV"
            else organisation.LegalBasis.AGREEMENT,
        )
        if organisation.partner is not None:
            assert organisation.partner.partner in (None, organisation)
    partners = [o.partner_id for o in organisations if o.partner_id]
    assert len(partners) == len(set(partners))


def test_the_admin_import_page_lists_the_row_error(staff_client):
    LegacyOrganisationFactory(code="pn-panal", name="Panal", legal_basis=RECOGNITION)
    content = (
        b"id,kind,legal_basis,name,linked_id\n"
        b"mbe-imp-1,MBE,AGREEMENT,Import MBE een,pn-panal\n"
        b"mbe-imp-2,MBE,AGREEMENT,Import MBE twee,pn-panal\n"
    )
    upload = io.BytesIO(content)
    upload.name = "organisaties.csv"
    url = reverse("admin:networks_legacyorganisation_import")

    response = staff_client.post(
        url, {"import_file": upload, "format": "0", "resource": "0", "create_new": "on"}
    )

    assert "Import MBE een" in response.content.decode()
    assert "confirm_form" not in response.context
    assert not LegacyOrganisation.objects.filter(kind="MBE").exists()
