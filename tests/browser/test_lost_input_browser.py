"""A progress report sent after the session ended (found by review): the page that says nothing
was saved showed the free texts only, as "Getypte tekst 1", and every value typed as a number was
gone. The browser keeps, in the tab, what the form held when it was sent, with each field's
label (static/js/unsaved-changes.js), and that page shows it (static/js/typed-input.js)."""

import datetime
import time

from django.conf import settings

from npz_registry import security
from tests.missions.factories import MultiYearPlanFactory, YearlyProgressFactory, make_themes
from tests.networks import factories as networks


def test_a_report_sent_after_the_session_ended_shows_every_value_under_its_label(
    page, logged_in, monkeypatch, screenshot_dir
):
    make_themes()
    zone = networks.RegionalCareZoneFactory(code="kempen", name="Kempen")
    network = networks.NetworkFactory(code="npz-kempen", name="NPZ Kempen (test)")
    networks.ServiceAreaFactory(network=network, zone=zone, valid_from=datetime.date(2027, 1, 1))
    plan = MultiYearPlanFactory(network=network, approved=True)
    progress = YearlyProgressFactory(plan=plan, year=2027)
    logged_in(
        networks.CoordinatorFactory,
        "coord.lost",
        progress.get_absolute_url(),
        "#progress-form",
        network=network,
    )
    first = page.locator("#indicator-progress input[name^=actual_]").first
    label = page.locator(f"label[for='{first.get_attribute('id')}']").inner_text().strip()
    first.fill("12")
    page.fill("#id_narrative", "Een goed jaar (verlopen sessie).")

    later = time.time() + settings.SESSION_IDLE_TIMEOUT + 60  # the coordinator typed for an hour
    monkeypatch.setattr(security.time, "time", lambda: later)
    page.click("#save-report")
    page.wait_for_selector("#typed-input:not([hidden])")
    page.screenshot(path=screenshot_dir / "lost-input-labelled.png", full_page=True)

    boxes = page.locator("#typed-input textarea")
    shown = {
        page.locator(f"label[for='{box.get_attribute('id')}']").inner_text().strip(): box.input_value()
        for box in boxes.all()
    }
    assert shown[label] == "12"
    assert "Een goed jaar (verlopen sessie)." in shown.values()
    assert not any(name.startswith("Getypte tekst") for name in shown)
    assert "Uw sessie is verlopen" in page.inner_text("main")
