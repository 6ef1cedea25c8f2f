"""The suite's own machinery: `make test` (--dist loadgroup) relies on xdist honouring xdist_group."""

import pytest


@pytest.mark.xdist_group("suite")
def test_xdist_keeps_a_group_together(request):
    # xdist marks a grouped test by suffixing its id with `@group`; with pytest 9.2 and xdist 3.8
    # it silently stops (pytest-dev/pytest-xdist#1386) and each shared world is built on each worker.
    if getattr(request.config.option, "loadgroup", False):
        assert request.node.nodeid.endswith("@suite"), "xdist ignores xdist_group: see pyproject.toml"
