"""npz_registry/pdf.py: the URL fetcher serves our static files and nothing else, and a render
has a time limit. The fetcher is checked with a spy on everything that could read a file or open
a connection (must-show 4)."""

import socket
import threading
import time
import urllib.request

import pytest

from npz_registry import pdf

BASE = "http://testserver/"


@pytest.fixture
def network_spy(monkeypatch):
    """Records every attempt to fetch through WeasyPrint's own fetcher, urllib or a socket."""
    from weasyprint.urls import URLFetcher

    calls = []

    def refuse(name):
        def spy(*args, **kwargs):
            calls.append((name, args[1:2]))
            raise AssertionError(f"{name} must not be called")

        return spy

    monkeypatch.setattr(URLFetcher, "fetch", refuse("URLFetcher.fetch"))
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse("OpenerDirector.open"))
    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    return calls


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/static/pdf/report.css",
        "https://testserver/static/pdf/report.css",  # other scheme than the base
        "http://testserver:8080/static/pdf/report.css",  # other port
        "data:image/svg+xml;base64,PHN2Zy8+",
        "ftp://testserver/static/pdf/report.css",
        "http://testserver/etc/passwd",
        "http://testserver/static/../npz_registry/settings.py",
        "http://testserver/static/%2e%2e/npz_registry/settings.py",
        "http://testserver/static/pdf/..%2f..%2fnpz_registry%2fsettings.py",
        "http://testserver/static/js/report-download.js",  # not a type a report needs
        "http://testserver/static/pdf/missing.css",
        "http://testserver/static/",
    ],
)
def test_the_fetcher_refuses_every_url_but_our_static_files(network_spy, url):
    fetcher = pdf.static_only_url_fetcher(BASE)
    with pytest.raises(pdf.RefusedURL):
        fetcher(url)
    assert fetcher.refused == [url]
    assert network_spy == []


def test_the_fetcher_serves_the_report_stylesheet_from_disk(network_spy):
    fetcher = pdf.static_only_url_fetcher(BASE)
    response = fetcher("http://testserver/static/pdf/report.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    assert fetcher.refused == []
    assert network_spy == []


@pytest.mark.pdf
def test_markup_pointing_at_local_files_or_other_hosts_renders_without_fetching_them(network_spy):
    html = """<!doctype html><html lang="nl-BE"><head><title>Test</title>
      <link rel="stylesheet" href="/static/pdf/report.css">
      <link rel="stylesheet" href="http://example.com/evil.css">
      <style>@import url("file:///etc/hostname"); body { background: url("http://example.com/b.png") }</style>
      </head><body><p>Tekst met een afbeelding:</p>
      <img src="file:///etc/passwd" alt="passwd"><img src="http://example.com/pixel.png" alt="extern">
      <object data="file:///etc/shadow"></object><iframe src="http://example.com/"></iframe>
      </body></html>"""
    fetcher = pdf.static_only_url_fetcher(BASE)

    document = pdf.render_pdf(html, base_url=BASE, title="Test", lang="nl-BE", url_fetcher=fetcher)

    assert document.startswith(b"%PDF-")
    assert network_spy == []
    assert "http://testserver/static/pdf/report.css" in fetcher.requested
    assert fetcher.refused and all("/static/pdf/report.css" not in url for url in fetcher.refused)
    assert {"file:///etc/passwd", "http://example.com/pixel.png", "http://example.com/evil.css"} <= set(
        fetcher.refused
    )


def test_a_render_that_takes_too_long_returns_at_the_time_limit():
    # The abandoned render holds its slot until it really ends: it ends as soon as the test is
    # done with it, so that the next render of this worker need not wait for the slot.
    done = threading.Event()
    started = time.monotonic()
    try:
        with pytest.raises(pdf.PdfRenderTimeout):
            pdf.run_with_time_limit(lambda: done.wait(2) and b"", time_limit=0.2)
        assert time.monotonic() - started < 1
    finally:
        done.set()
    deadline = time.monotonic() + 10
    while any(t.name == "npz-pdf-render" for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.01)


def test_errors_of_the_render_reach_the_caller():
    def broken():
        raise RuntimeError("boom")

    with pytest.raises(pdf.PdfRenderError, match="boom"):
        pdf.run_with_time_limit(broken, time_limit=5)


@pytest.mark.pdf
def test_an_abandoned_weasyprint_render_stops_at_its_next_step_and_frees_its_slot():
    rows = "".join(f"<p>Alinea {n} met wat tekst om op te maken.</p>" for n in range(3000))
    html = f"<!doctype html><html lang='nl-BE'><head><title>Lang</title></head><body>{rows}</body></html>"
    with pytest.raises(pdf.PdfRenderTimeout):
        pdf.render_pdf(html, base_url=BASE, title="Lang", lang="nl-BE", time_limit=0.05)
    # The worker notices the deadline at WeasyPrint's next progress step and ends.
    deadline = time.monotonic() + 10
    while any(t.name == "npz-pdf-render" for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(t.name == "npz-pdf-render" for t in threading.enumerate())


@pytest.mark.pdf
def test_the_pdf_is_tagged_with_its_title_and_language():
    from io import BytesIO

    from pypdf import PdfReader

    html = (
        "<!doctype html><html lang='en'><head><title>ignored</title></head>"
        "<body><h1>Kop</h1><p>Tekst</p></body></html>"
    )
    reader = PdfReader(BytesIO(pdf.render_pdf(html, base_url=BASE, title="Netwerkprofiel", lang="nl-BE")))
    root = reader.trailer["/Root"]
    assert reader.metadata.title == "Netwerkprofiel"
    assert root["/Lang"] == "nl-BE"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
