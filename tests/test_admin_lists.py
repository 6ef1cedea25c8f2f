"""The back office's lists show LIST_PER_PAGE rows a page: rendering the rows is most of a
list's time (issue 11), and every list of our apps pages alike."""

from django.contrib import admin

from npz_registry.admin import LIST_PER_PAGE

OURS = ("networks", "missions", "transition", "npz_registry")


def test_every_list_of_our_apps_shows_the_same_number_of_rows_a_page():
    pages = {
        model._meta.label: model_admin.list_per_page
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in OURS or model._meta.label == "auth.User"
    }
    assert pages and set(pages.values()) == {LIST_PER_PAGE}, pages


def test_a_list_that_shows_every_row_counts_them_once(admin_client, django_assert_num_queries):
    """Django counts the rows shown and all rows apart ("2 results (3 total)"); when nothing
    narrows the list the two are the same count, read once. Filtered, both are still read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests.networks.factories import NetworkFactory

    for name in ("Netwerk Een", "Netwerk Twee", "Ander netwerk"):
        NetworkFactory(name=name)
    url = reverse("admin:networks_network_changelist")

    def counts(query=""):
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(url + query)
        assert response.status_code == 200
        return response, [q["sql"] for q in queries if "COUNT(" in q["sql"]]

    response, every = counts()
    assert len(every) == 1 and response.context["cl"].result_count == 3
    assert response.context["cl"].full_result_count == 3 and "3 total" not in response.text
    response, searched = counts("?q=Twee")
    assert len(searched) == 2 and response.context["cl"].result_count == 1
    assert response.context["cl"].full_result_count == 3
