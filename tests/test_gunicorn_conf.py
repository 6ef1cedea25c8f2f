"""gunicorn.conf.py: the production server's settings and its garbage-collection hooks."""

import gc
import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def load_conf(monkeypatch, **environment):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("gunicorn_conf_under_test", CONF)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def unfrozen():
    """The test process's objects are given back to the collector afterwards."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_the_master_freezes_what_it_loaded_before_each_fork(monkeypatch, unfrozen):
    conf = load_conf(monkeypatch)
    conf.pre_fork(server=None, worker=None)
    assert gc.get_freeze_count() > 0


def test_a_worker_freezes_once_after_its_first_requests(monkeypatch, unfrozen):
    conf = load_conf(monkeypatch, GUNICORN_GC_FREEZE_AFTER="3")
    worker = SimpleNamespace(nr=2)
    conf.post_request(worker, None, {}, None)
    assert gc.get_freeze_count() == 0 and not getattr(worker, "gc_frozen", False)

    worker.nr = 4  # two threads finished together: the count went past the threshold
    conf.post_request(worker, None, {}, None)
    assert worker.gc_frozen and gc.get_freeze_count() > 0

    gc.unfreeze()
    worker.nr = 5
    conf.post_request(worker, None, {}, None)
    assert gc.get_freeze_count() == 0  # once per worker


def test_freezing_in_the_workers_can_be_switched_off(monkeypatch, unfrozen):
    conf = load_conf(monkeypatch, GUNICORN_GC_FREEZE_AFTER="0")
    worker = SimpleNamespace(nr=1000)
    conf.post_request(worker, None, {}, None)
    assert gc.get_freeze_count() == 0
