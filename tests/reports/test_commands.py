"""render_report for a network, and its refusals (the Flanders case is in test_flanders_pdf.py)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


@pytest.mark.pdf
def test_render_report_network_writes_the_profile(world, tmp_path, capsys):
    target = tmp_path / "out" / "profiel.pdf"
    call_command("render_report", "network", "test-a", "-o", str(target), "--html", str(tmp_path / "p.html"))
    assert target.read_bytes().startswith(b"%PDF-")
    assert "Testnetwerk A" in (tmp_path / "p.html").read_text()
    assert str(target) in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["network"], "Give the network's code"),
        (["network", "unknown"], "No network with code"),
        (["flanders", "extra"], "takes no id"),
        (["plan"], "Give the plan's id"),
    ],
)
def test_render_report_refuses_what_it_cannot_render(world, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("render_report", *arguments)
