"""The back office keeps what it renders again and again (issue 11): a list's rows and filters
per data version, reader and address; the sidebar and the app list per set of rights and
language. A committed change, another reader, a changed right and a new release each get a
fresh rendering."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from missions.models import PartnerType
from networks.models import Network
from npz_registry import settings as production
from npz_registry.settings import code_fingerprint
from tests.missions.factories import PartnerTypeFactory
from tests.networks.factories import NetworkFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

NETWORKS = "/admin/networks/network/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def readers(network_a, commit_pending):
    first, second = StaffFactory(username="eerste"), StaffFactory(username="tweede")
    commit_pending()
    return _client(first), _client(second)


def _rows(html: str) -> str:
    return html.split('id="result_list"')[1].split("</table>")[0]


def test_a_list_is_rendered_once_per_data_version_and_follows_a_committed_change(
    readers, network_a, commit_pending
):
    reader, _other = readers
    assert "Testnetwerk A" in _rows(reader.get(NETWORKS).content.decode())
    Network.objects.filter(pk=network_a.pk).update(name="Stil hernoemd")  # not counted as a change
    assert "Testnetwerk A" in _rows(reader.get(NETWORKS).content.decode())

    network_a.refresh_from_db()
    network_a.name = "Nieuwe naam"
    network_a.save()
    commit_pending()
    rows = _rows(reader.get(NETWORKS).content.decode())
    assert "Nieuwe naam" in rows and "Testnetwerk A" not in rows


def test_a_list_is_kept_per_reader_and_per_address(readers, network_a):
    first, second = readers
    first.get(NETWORKS)
    Network.objects.filter(pk=network_a.pk).update(name="Stil hernoemd")
    assert "Stil hernoemd" in _rows(second.get(NETWORKS).content.decode())
    assert "Stil hernoemd" in _rows(first.get(f"{NETWORKS}?q=Stil").content.decode())


def test_the_filters_follow_a_committed_change(readers, commit_pending):
    reader, _other = readers
    PartnerTypeFactory(code="h", name="Huisartsen")
    PartnerTypeFactory(code="a", name="Apothekers")  # a filter of one choice is not shown
    commit_pending()
    assert "Huisartsen" in reader.get("/admin/missions/partnerorganisation/").content.decode()
    PartnerType.objects.filter(code="h").update(name="Stil hernoemd")
    assert "Huisartsen" in reader.get("/admin/missions/partnerorganisation/").content.decode()
    kind = PartnerType.objects.get(code="h")
    kind.name = "Thuiszorg"
    kind.save()
    commit_pending()
    html = reader.get("/admin/missions/partnerorganisation/").content.decode()
    assert "Thuiszorg" in html and "Huisartsen" not in html


def test_lists_outside_the_registrys_data_are_rendered_afresh(commit_pending):
    from axes.models import AccessAttempt

    reader = _client(UserFactory(username="beheerder", is_staff=True, is_superuser=True))
    attempt = AccessAttempt.objects.create(username="iemand", failures_since_start=1)
    commit_pending()
    reader.get("/admin/axes/accessattempt/")
    AccessAttempt.objects.filter(pk=attempt.pk).update(username="stilhernoemd")  # axes is not counted
    assert "stilhernoemd" in _rows(reader.get("/admin/axes/accessattempt/").content.decode())


PARTNER_TYPES = "/admin/missions/partnertype/"  # its order is edited in the list


def _order_field(html: str) -> str:
    return _rows(html).split('name="form-0-order"')[1].split(">")[0]


def test_a_list_edited_in_place_is_kept_until_a_change_and_shows_sent_input_with_its_errors(commit_pending):
    reader = _client(UserFactory(username="beheerder", is_staff=True, is_superuser=True))
    kind = PartnerTypeFactory(code="h", name="Huisartsen", order=1)
    commit_pending()
    reader.get(PARTNER_TYPES)
    PartnerType.objects.filter(pk=kind.pk).update(order=7)  # not counted as a change
    assert 'value="1"' in _order_field(reader.get(PARTNER_TYPES).content.decode())

    kind.refresh_from_db()
    kind.order = 8
    kind.save()
    commit_pending()
    assert 'value="8"' in _order_field(reader.get(PARTNER_TYPES).content.decode())

    sent = {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000", "form-0-id": str(kind.pk), "form-0-order": "veel", "_save": "1",
    }  # fmt: skip
    html = reader.post(PARTNER_TYPES, sent).content.decode()
    assert 'value="veel"' in _order_field(html) and "errorlist" in _rows(html)
    assert 'value="8"' in _order_field(reader.get(PARTNER_TYPES).content.decode())


def test_the_user_list_is_kept_and_follows_a_change_of_an_account_or_its_groups(commit_pending):
    from django.contrib.auth.models import Group

    reader = _client(UserFactory(username="beheerder", is_staff=True, is_superuser=True))
    user = UserFactory(username="iemand", first_name="Voor")
    group = Group.objects.create(name="Redacteurs")
    Group.objects.create(name="Lezers")
    commit_pending()
    reader.get("/admin/auth/user/")
    type(user).objects.filter(pk=user.pk).update(username="stilhernoemd")  # not counted as a change
    assert "stilhernoemd" not in _rows(reader.get("/admin/auth/user/").content.decode())

    user.refresh_from_db()
    user.groups.add(group)  # through the relation only: the user's row is not saved
    commit_pending()
    assert "stilhernoemd" in _rows(reader.get("/admin/auth/user/").content.decode())
    filtered = reader.get(f"/admin/auth/user/?groups__id__exact={group.pk}").content.decode()
    assert "stilhernoemd" in _rows(filtered)


def _sidebar(html: str) -> str:
    return html.split('id="nav-sidebar"')[1].split("</nav>")[0]


def test_the_sidebar_and_the_index_follow_the_readers_rights(network_a, commit_pending):
    viewer = UserFactory(username="kijker", is_staff=True)
    view_networks = Permission.objects.get(codename="view_network")
    viewer.user_permissions.add(view_networks)
    reader = _client(viewer)
    assert NETWORKS in _sidebar(reader.get(NETWORKS).content.decode())
    assert NETWORKS in reader.get("/admin/").content.decode()

    viewer.user_permissions.remove(view_networks)
    viewer.user_permissions.add(Permission.objects.get(codename="view_regionalcarezone"))
    html = reader.get("/admin/networks/regionalcarezone/").content.decode()
    assert NETWORKS not in _sidebar(html) and "/admin/networks/regionalcarezone/" in _sidebar(html)
    assert NETWORKS not in reader.get("/admin/").content.decode()


def test_the_sidebar_marks_the_open_model(readers):
    reader, _other = readers
    reader.get("/admin/networks/regionalcarezone/")
    sidebar = _sidebar(reader.get(NETWORKS).content.decode())
    assert f'<a href="{NETWORKS}" aria-current="page">' in sidebar
    assert 'href="/admin/networks/regionalcarezone/" aria-current' not in sidebar


def test_a_new_release_starts_with_an_empty_cache(tmp_path):
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>één</p>")
    before = code_fingerprint(tmp_path / "templates")
    assert code_fingerprint(tmp_path / "templates") == before
    page.write_text("<p>twee</p>")
    assert code_fingerprint(tmp_path / "templates") != before
    caches = production.CACHES.values()  # the tests' own caches are in memory
    assert {cache["KEY_PREFIX"] for cache in caches} == {production.CODE_FINGERPRINT}


def test_a_kept_list_reads_its_rows_only_when_it_renders_them_and_counts_them_right(
    readers, network_a, commit_pending
):
    """Django asks the page's number of rows on every request (the actions bar); once the rows
    are kept, the page reads their count, not the rows and their zones again."""
    NetworkFactory.create_batch(2)
    commit_pending()
    reader, _other = readers
    reader.get(NETWORKS)  # renders and keeps the rows
    with CaptureQueriesContext(connection) as queries:
        html = reader.get(NETWORKS).content.decode()
    rows_read = [
        q["sql"]
        for q in queries
        if q["sql"].startswith('SELECT "networks_network"."id"') and "ORDER BY" in q["sql"]
    ]
    assert rows_read == [] and "Testnetwerk A" in _rows(html)
    assert 'data-actions-icnt="3"' in html  # the three networks on the page, from the count


def test_the_number_of_rows_on_a_page_is_that_pages(readers, network_a, commit_pending, monkeypatch):
    NetworkFactory.create_batch(2)
    commit_pending()
    monkeypatch.setattr(admin.site.get_model_admin(Network), "list_per_page", 2)
    reader, _other = readers
    assert 'data-actions-icnt="2"' in reader.get(NETWORKS).content.decode()
    last = reader.get(f"{NETWORKS}?p=2").content.decode()
    assert 'data-actions-icnt="1"' in last and _rows(last).count("<tr") == 2  # header and one row
    assert 'data-actions-icnt="3"' in reader.get(f"{NETWORKS}?all=").content.decode()
