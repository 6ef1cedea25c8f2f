"""Logging in: five wrong passwords lock the account on our login page and the admin's, the right
password is then refused with a Dutch message, the event is logged and recorded, and staff can
unlock it; the note after a redirect; the password reset by e-mail."""

import logging
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core import mail
from django.core.management import call_command

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # tests.networks.factories.UserFactory
LOGIN_PAGES = ["/aanmelden/", "/admin/login/"]


def post_login(client, path, username, password):
    return client.post(path, {"username": username, "password": password, "next": "/"})


@pytest.mark.parametrize("path", LOGIN_PAGES)
def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(
    anonymous_client, staff_user, path, caplog
):
    for _attempt in range(4):
        assert post_login(anonymous_client, path, staff_user.username, "wrong").status_code == 200
    with caplog.at_level(logging.WARNING, logger="npz_registry.security"):
        fifth = post_login(anonymous_client, path, staff_user.username, "wrong")
    assert fifth.status_code == 403

    response = post_login(anonymous_client, path, staff_user.username, PASSWORD)
    assert response.status_code == 403
    assert "Dit account is geblokkeerd na 5 mislukte aanmeldpogingen" in response.content.decode()
    assert "_auth_user_id" not in anonymous_client.session
    assert f"account locked after 5 failed logins: username='{staff_user.username}'" in caplog.text
    attempt = AccessAttempt.objects.get(username=staff_user.username)
    assert attempt.failures_since_start >= 5
    assert AccessFailureLog.objects.filter(username=staff_user.username, locked_out=True).exists()


def test_the_lock_is_per_account_not_per_address(anonymous_client, staff_user, coordinator_a):
    for _attempt in range(5):
        post_login(anonymous_client, "/aanmelden/", staff_user.username, "wrong")
    assert post_login(anonymous_client, "/aanmelden/", coordinator_a.username, PASSWORD).status_code == 302


def test_a_good_login_before_the_limit_resets_the_count(anonymous_client, client, coordinator_a):
    for _attempt in range(4):
        post_login(anonymous_client, "/aanmelden/", coordinator_a.username, "wrong")
    assert post_login(anonymous_client, "/aanmelden/", coordinator_a.username, PASSWORD).status_code == 302
    for _attempt in range(4):
        post_login(client, "/aanmelden/", coordinator_a.username, "wrong")
    assert post_login(client, "/aanmelden/", coordinator_a.username, PASSWORD).status_code == 302


def test_staff_unlock_an_account_with_the_command(anonymous_client, coordinator_a):
    for _attempt in range(5):
        post_login(anonymous_client, "/aanmelden/", coordinator_a.username, "wrong")
    assert post_login(anonymous_client, "/aanmelden/", coordinator_a.username, PASSWORD).status_code == 403
    call_command("axes_reset_username", coordinator_a.username, stdout=None)
    assert post_login(anonymous_client, "/aanmelden/", coordinator_a.username, PASSWORD).status_code == 302


def test_a_superuser_unlocks_an_account_by_deleting_its_access_attempt(admin_client, client, coordinator_a):
    for _attempt in range(5):
        post_login(client, "/aanmelden/", coordinator_a.username, "wrong")
    attempt = AccessAttempt.objects.get(username=coordinator_a.username)
    page = admin_client.get("/admin/axes/accessattempt/")
    assert coordinator_a.username in page.content.decode()
    admin_client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert post_login(client, "/aanmelden/", coordinator_a.username, PASSWORD).status_code == 302


def test_a_redirect_to_the_login_page_says_why(anonymous_client):
    response = anonymous_client.get("/portaal/", follow=True)
    content = response.content.decode()
    assert "Meld u aan om deze pagina te openen." in content
    assert 'href="/wachtwoord-vergeten/"' in content
    assert "ACM/IDM" not in content  # OpenID Connect is off by default


def test_the_login_page_without_a_redirect_has_no_note(anonymous_client):
    assert "Meld u aan om deze pagina te openen." not in anonymous_client.get("/aanmelden/").content.decode()


def test_a_password_reset_by_e_mail_sets_a_new_password(anonymous_client, coordinator_a):
    response = anonymous_client.post("/wachtwoord-vergeten/", {"email": coordinator_a.email}, follow=True)
    assert "Bekijk uw e-mail" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [coordinator_a.email]
    assert "nieuw wachtwoord" in message.subject
    link = re.search(r"http://testserver(/wachtwoord-herstellen/\S+/)", message.body).group(1)

    form = anonymous_client.get(link, follow=True)
    assert "Kies een nieuw wachtwoord" in form.content.decode()
    new_password = "Kempen-2027-nieuw"
    done = anonymous_client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
        follow=True,
    )
    assert "Wachtwoord gewijzigd" in done.content.decode()
    coordinator_a.refresh_from_db()
    assert coordinator_a.check_password(new_password)


def test_a_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(anonymous_client):
    response = anonymous_client.post(
        "/wachtwoord-vergeten/", {"email": "nobody@example.invalid"}, follow=True
    )
    assert "Bekijk uw e-mail" in response.content.decode()
    assert mail.outbox == []


def test_a_used_or_forged_reset_link_is_refused_in_dutch(anonymous_client, coordinator_a):
    response = anonymous_client.get("/wachtwoord-herstellen/MQ/forged-token/", follow=True)
    assert "Deze link werkt niet (meer)" in response.content.decode()
