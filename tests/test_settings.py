import pytest
from django.core.exceptions import ImproperlyConfigured

from npz_registry.settings import default_site_url, env_bool, env_list


def test_env_bool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", True) is False
    monkeypatch.delenv("X_FLAG")
    assert env_bool("X_FLAG", True) is True


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG")


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("X_HOSTS", "a.example, b.example,,")
    assert env_list("X_HOSTS") == ["a.example", "b.example"]


def test_the_links_in_e_mails_point_at_the_server_in_production():
    """A production start sets only DEBUG, SECRET_KEY and ALLOWED_HOSTS (found by review: the
    links in e-mails then pointed at 127.0.0.1)."""
    assert default_site_url(False, ["npz.example", "www.npz.example"]) == "https://npz.example"
    assert default_site_url(False, ["*", ".npz.example", "npz.example"]) == "https://npz.example"
    assert default_site_url(True, ["127.0.0.1", "localhost"]) == "http://127.0.0.1:8000"
    assert default_site_url(False, []) == "http://127.0.0.1:8000"
