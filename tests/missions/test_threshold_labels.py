"""The thresholds of the needs index and of the evenness verdict are our own assumption, and
the pages say so (decision 0001 §4, item 14)."""

import pytest

pytestmark = pytest.mark.django_db

LABEL = "(drempels: eigen aanname)"


def test_the_needs_explanation_labels_its_thresholds(staff_client):
    text = " ".join(staff_client.get("/opdrachten/").content.decode().split())
    assert f'anders 2 (versterkt) <span class="assumption">{LABEL}</span>.' in text


def test_the_network_pdf_labels_the_thresholds(staff_client, network_a):
    response = staff_client.get("/rapporten/netwerken/test-a/")  # the PDF's HTML preview
    assert response.status_code == 200
    assert LABEL in response.content.decode()
