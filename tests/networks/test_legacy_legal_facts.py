"""Legacy legal facts (decision 0001 §2.11): the legal basis by kind, and the pairs one legal
entity runs, loaded from fixtures/legacy_legal_facts.csv on both rows."""

import pytest

from networks.models import LegacyOrganisation
from networks.resources import LegacyLegalFactsResource, LegacyOrganisationResource
from networks.services.reference_data import FIXTURES_DIR
from npz_registry.importexport.reference import ReferenceDataError, ReferenceFile, load_reference_files
from tests.importexport.conftest import csv_dataset
from tests.networks.factories import LegacyOrganisationFactory

pytestmark = pytest.mark.django_db


def pair(code):
    network = LegacyOrganisationFactory(code=f"pn-{code}", kind="PN_PSV")
    team = LegacyOrganisationFactory(code=f"mbe-{code}", kind="MBE", partner=network)
    network.partner = team
    network.save()
    return network, team


def test_same_legal_entity_pairs_are_loaded_on_both_rows_and_unknown_stays_empty():
    for code in ("pha", "de-mantel", "heidehuis"):
        pair(code)
    other, _ = pair("pnat")
    load_reference_files(
        [ReferenceFile("legacy_legal_facts.csv", LegacyLegalFactsResource)],
        directory=FIXTURES_DIR,
        overwrite=True,
    )
    facts = dict(LegacyOrganisation.objects.values_list("code", "same_legal_entity_as_partner"))
    assert facts["pn-pha"] is True and facts["mbe-pha"] is True
    assert facts["pn-heidehuis"] is True and facts["mbe-de-mantel"] is True
    assert facts["pn-pnat"] is None and facts["mbe-pnat"] is None


def test_a_pair_whose_partner_does_not_match_loads_nothing():
    pair("pha")
    LegacyOrganisationFactory(code="pn-elders", kind="PN_PSV")
    resource = LegacyLegalFactsResource(preview=False)
    dataset = csv_dataset(
        ["code", "partner_code", "same_legal_entity_as_partner"], [["mbe-pha", "pn-elders", "yes"]]
    )
    result = resource.import_data(dataset, dry_run=False)
    assert result.has_validation_errors() or result.has_errors()
    assert not LegacyOrganisation.objects.filter(same_legal_entity_as_partner=True).exists()


def test_legal_basis_follows_the_kind():
    resource = LegacyOrganisationResource(preview=False)
    headers = ["id", "kind", "name"]
    dataset = csv_dataset(headers, [["pn-x", "PN_PSV", "Netwerk X"], ["mbe-x", "MBE", "Equipe X"]])
    result = resource.import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    basis = dict(LegacyOrganisation.objects.values_list("code", "legal_basis"))
    assert basis == {"pn-x": "RECOGNITION", "mbe-x": "AGREEMENT"}


def test_the_reference_files_load_in_order():
    with pytest.raises(ReferenceDataError):
        load_reference_files(
            [ReferenceFile("legacy_legal_facts.csv", LegacyLegalFactsResource)],
            directory=FIXTURES_DIR,
            overwrite=True,
        )
