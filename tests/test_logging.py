"""The production log (settings.LOGGING): refusals are one line, server errors keep their traceback."""

import io
import logging

import pytest

import npz_registry.settings as production
from npz_registry.log_filters import RefusalsWithoutTraceback

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_log():
    """What django.request writes through a handler configured as the production console handler."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    config = production.LOGGING
    [name] = config["handlers"]["console"]["filters"]
    assert config["filters"][name]["()"] == "npz_registry.log_filters.RefusalsWithoutTraceback"
    handler.addFilter(RefusalsWithoutTraceback())
    logger = logging.getLogger("django.request")
    # Other tests quieten this logger (npz_registry.bench.pages.count_queries): hear it here.
    level, disabled = logger.level, logger.disabled
    logger.setLevel(logging.INFO)
    logger.disabled = False
    logger.addHandler(handler)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.disabled = disabled


def test_a_refusal_outside_the_scope_is_one_line_without_traceback(coordinator_a_client, request_log):
    # The staff-only review queue for a coordinator: a 403 with its reason, logged as a warning.
    assert coordinator_a_client.get("/beoordeling/").status_code == 403
    text = request_log.getvalue()
    assert "Forbidden" in text
    assert "Traceback" not in text


def test_a_server_error_keeps_its_traceback(request_log):
    try:
        raise RuntimeError("a fault to debug")
    except RuntimeError:  # as django.request logs a 500 (django.utils.log.log_response)
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", "/kapot/", exc_info=True, extra={"status_code": 500}
        )
    text = request_log.getvalue()
    assert "Traceback" in text and "a fault to debug" in text
