"""PDFs that cannot starve each other (issue 9, must-show 3): render slots per user, one render
per report however many ask at once, the cache per data version, the page limit, and the pages
that say why there is no PDF. The slot logic runs with a fake renderer that blocks until the
test lets it go (no timing asserts: events, not sleeps)."""

import threading
from io import BytesIO

import pytest
from pypdf import PdfReader

from npz_registry import dataversion, pdf
from npz_registry.reports import rendering

#: How long a test waits for a thread before it fails (a safety net, never a measurement).
PATIENCE = 20


@pytest.fixture(autouse=True)
def fresh_slots(settings):
    settings.NPZ_PDF_MAX_CONCURRENT = 2
    settings.NPZ_PDF_MAX_PER_USER = 1
    pdf.reset_render_slots()
    yield
    pdf.reset_render_slots()


class FakeReport:
    def __init__(self, name):
        self.title, self.lang, self.filename = name, "nl-BE", f"{name}.pdf"

    def html(self):
        return f"<p>{self.title}</p>"


class BlockingRenderer:
    """Stands in for WeasyPrint: records each render and, for the titles in ``hold``, waits
    until ``release`` is set."""

    def __init__(self, hold=()):
        self.hold, self.release = set(hold), threading.Event()
        self.started = {name: threading.Event() for name in hold}
        self.calls = []
        self.lock = threading.Lock()

    def __call__(self, html, *, base_url, title, lang, url_fetcher=None):
        with self.lock:
            self.calls.append(title)
        if title in self.hold:
            self.started[title].set()
            assert self.release.wait(PATIENCE)
        return f"%PDF-fake {title}".encode()


def ask(key, name, user, results):
    """One request for a report's PDF, as a thread: its result or error lands in ``results``."""

    def run():
        try:
            results.append(
                rendering.report_pdf(key, lambda: FakeReport(name), base_url="http://t/", user_key=user)
            )
        except pdf.PdfRenderError as error:
            results.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_one_user_cannot_take_every_slot():
    slots = pdf.RenderSlots(total=2, per_user=1)
    slots.acquire("coordinator-a", wait=0)
    with pytest.raises(pdf.PdfBusy) as busy:
        slots.acquire("coordinator-a", wait=0)
    assert busy.value.reason == "user"
    slots.acquire("staff", wait=0)  # the second slot is still there for someone else
    with pytest.raises(pdf.PdfBusy) as busy:
        slots.acquire("coordinator-b", wait=0)
    assert busy.value.reason == "department"
    slots.release("coordinator-a")
    slots.acquire("coordinator-b", wait=0)
    assert (slots.running, slots.by_user) == (2, {"staff": 1, "coordinator-b": 1})


def test_a_waiting_request_gets_the_slot_that_frees():
    slots = pdf.RenderSlots(total=1, per_user=1)
    slots.acquire("a", wait=0)
    got = threading.Event()
    waiter = threading.Thread(target=lambda: (slots.acquire("b", wait=PATIENCE), got.set()))
    waiter.start()
    slots.release("a")
    waiter.join(PATIENCE)
    assert got.is_set() and slots.by_user == {"b": 1}


def test_two_parallel_requests_for_one_networks_pdf_never_make_another_users_pdf_fail(monkeypatch):
    renderer = BlockingRenderer(hold={"network-a"})
    monkeypatch.setattr(pdf, "write_pdf", renderer)
    network_a, results_a = "npz:pdf:network:a:test", []
    first = ask(network_a, "network-a", "coordinator-a", results_a)
    assert renderer.started["network-a"].wait(PATIENCE)
    second = ask(network_a, "network-a", "coordinator-a", results_a)  # the double click

    # Meanwhile another user's PDF (another network's, and the Flanders report) is made at once.
    others = []
    for key, name, user in (
        ("npz:pdf:network:b:test", "network-b", "coordinator-b"),
        ("npz:pdf:flanders", "flanders", "staff"),
    ):
        ask(key, name, user, others).join(PATIENCE)
    assert [result.filename for result in others] == ["network-b.pdf", "flanders.pdf"]

    renderer.release.set()
    first.join(PATIENCE)
    second.join(PATIENCE)
    assert [result.content for result in results_a] == [b"%PDF-fake network-a"] * 2
    assert renderer.calls.count("network-a") == 1  # one render for both requests
    assert pdf.render_slots().running == 0


def test_a_user_whose_pdf_is_being_made_waits_for_another_one_while_others_go_on(monkeypatch, settings):
    settings.NPZ_PDF_SLOT_WAIT = 0
    renderer = BlockingRenderer(hold={"network-a"})
    monkeypatch.setattr(pdf, "write_pdf", renderer)
    results = []
    first = ask("npz:pdf:network:a", "network-a", "coordinator-a", results)
    assert renderer.started["network-a"].wait(PATIENCE)
    ask("npz:pdf:plan:a", "plan-a", "coordinator-a", results).join(PATIENCE)
    ask("npz:pdf:network:b", "network-b", "coordinator-b", results).join(PATIENCE)
    renderer.release.set()
    first.join(PATIENCE)
    busy, other, mine = results
    assert isinstance(busy, pdf.PdfBusy) and busy.reason == "user"
    assert other.filename == "network-b.pdf" and mine.filename == "network-a.pdf"


def test_an_error_reaches_every_request_that_waited_for_the_same_pdf(monkeypatch):
    release, started = threading.Event(), threading.Event()

    def broken(html, **kwargs):
        started.set()
        assert release.wait(PATIENCE)
        raise pdf.PdfTooLong("too long")

    monkeypatch.setattr(pdf, "write_pdf", broken)
    results = []
    first = ask("npz:pdf:x", "x", "a", results)
    assert started.wait(PATIENCE)
    second = ask("npz:pdf:x", "x", "b", results)
    release.set()
    first.join(PATIENCE)
    second.join(PATIENCE)
    assert [type(result) for result in results] == [pdf.PdfTooLong, pdf.PdfTooLong]
    assert pdf.render_slots().running == 0


def test_a_worker_that_finds_another_making_the_pdf_takes_its_result_from_the_cache(monkeypatch):
    renderer = BlockingRenderer()
    monkeypatch.setattr(pdf, "write_pdf", renderer)
    monkeypatch.setattr(rendering, "POLL_SECONDS", 0.01)
    cache, key = rendering.pdf_cache(), "npz:pdf:shared"
    assert cache.add(f"{key}:making", "another worker")  # another worker of the server is on it
    results = []
    waiting = ask(key, "shared", "a", results)
    made_elsewhere = rendering.RenderedPdf(b"%PDF-from the other worker", "shared.pdf")
    cache.set(key, made_elsewhere)
    waiting.join(PATIENCE)
    assert results == [made_elsewhere]
    assert renderer.calls == []  # nothing made twice


def test_when_the_other_worker_gives_up_this_one_makes_the_pdf(monkeypatch):
    renderer = BlockingRenderer()
    monkeypatch.setattr(pdf, "write_pdf", renderer)
    monkeypatch.setattr(rendering, "POLL_SECONDS", 0.01)
    cache, key = rendering.pdf_cache(), "npz:pdf:abandoned"
    assert cache.add(f"{key}:making", "another worker")
    results = []
    waiting = ask(key, "abandoned", "a", results)
    cache.delete(f"{key}:making")  # the other worker failed: its marker goes, no PDF comes
    waiting.join(PATIENCE)
    assert [result.content for result in results] == [b"%PDF-fake abandoned"]
    assert renderer.calls == ["abandoned"]
    assert cache.get(f"{key}:making") is None


# --------------------------------------------------------------------------------------------
# Through the views
# --------------------------------------------------------------------------------------------


@pytest.mark.pdf
def test_the_pdf_is_cached_until_the_data_changes(staff_client, world, monkeypatch):
    renders = []
    real = pdf.write_pdf
    monkeypatch.setattr(pdf, "write_pdf", lambda html, **kw: renders.append(1) or real(html, **kw))
    first = staff_client.get("/rapporten/netwerken/test-a.pdf")
    again = staff_client.get("/rapporten/netwerken/test-a.pdf")
    assert first.status_code == again.status_code == 200 and first.content == again.content
    assert len(renders) == 1
    assert 'filename="netwerkprofiel-test-a-' in first["Content-Disposition"]
    dataversion.increment()  # what a save does once its transaction commits
    assert staff_client.get("/rapporten/netwerken/test-a.pdf").status_code == 200
    assert len(renders) == 2
    staff_client.get("/rapporten/netwerken/test-a.pdf?lang=en")  # another language, another PDF
    assert len(renders) == 3


def test_a_user_with_a_pdf_in_the_making_gets_a_dutch_page_and_others_their_pdf(
    coordinator_a_client, staff_client, world, settings, monkeypatch
):
    settings.NPZ_PDF_SLOT_WAIT = 0
    monkeypatch.setattr(pdf, "write_pdf", lambda html, **kw: b"%PDF-fake")
    coordinator = coordinator_a_client.get("/rapporten/").wsgi_request.user
    slots = pdf.render_slots()
    slots.acquire(coordinator.pk, wait=0)  # coordinator A's first PDF is still being made
    try:
        busy = coordinator_a_client.get("/rapporten/netwerken/test-a.pdf")
        assert staff_client.get("/rapporten/netwerken/test-a.pdf").content == b"%PDF-fake"
    finally:
        slots.release(coordinator.pk)
    page = busy.content.decode()
    assert busy.status_code == 503 and busy["Retry-After"] == "30"
    assert busy["Content-Type"].startswith("text/html")
    assert "Uw vorige PDF wordt nog gemaakt" in page and 'id="report-message"' in page


def test_when_every_slot_is_taken_the_page_says_the_reports_are_busy(staff_client, world, settings):
    settings.NPZ_PDF_SLOT_WAIT = 0
    slots = pdf.render_slots()
    slots.acquire("someone", wait=0)
    slots.acquire("someone else", wait=0)
    try:
        response = staff_client.get("/rapporten/vlaanderen.pdf")
    finally:
        slots.release("someone")
        slots.release("someone else")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "De rapporten zijn druk bezig" in response.content.decode()


@pytest.mark.pdf
def test_a_report_longer_than_the_page_limit_stops_and_says_so(staff_client, world, settings):
    settings.NPZ_PDF_MAX_PAGES = 2
    response = staff_client.get("/rapporten/netwerken/test-a.pdf")
    assert response.status_code == 422
    assert "te lang om af te drukken" in response.content.decode()
    assert pdf.render_slots().running == 0


def test_html_beyond_the_size_limit_is_refused_before_any_slot_is_taken(settings):
    settings.NPZ_PDF_MAX_HTML = 100
    with pytest.raises(pdf.PdfTooLong):
        pdf.render_pdf("<p>" + "x" * 200 + "</p>", base_url="http://t/", title="t", lang="nl-BE")
    assert pdf.render_slots().running == 0


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/rapporten/vlaanderen.pdf?as_of=31-12-2027", "is geen datum"),
        ("/rapporten/netwerken/test-a/?as_of=morgen", "is geen datum"),
        ("/rapporten/vlaanderen/?as_of=1900-01-01", "ligt buiten 1990–2100"),
    ],
)
def test_a_bad_date_gets_a_page_with_the_reason(staff_client, world, path, reason):
    response = staff_client.get(path)
    page = response.content.decode()
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    assert reason in page and 'href="/rapporten/"' in page
    assert "we tonen" not in page  # no report is shown for another day instead


@pytest.mark.pdf
def test_the_pdf_the_view_sends_is_the_report(staff_client, world):
    response = staff_client.get("/rapporten/vlaanderen.pdf")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Testzone Noord" in text and "Testnetwerk A" in text
