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
