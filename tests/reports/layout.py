"""What a report looks like once WeasyPrint has laid it out: text that runs out of its table
cell or off the page, as a reader of the PDF would see it (numbers printed over each other)."""

from django.conf import settings
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from npz_registry.pdf import PDF_OPTIONS, install_progress_filter, static_only_url_fetcher

#: Rounding of the layout (points); a glyph's overhang is not an overflow.
TOLERANCE = 0.5


def _texts(box, out_of_flow=False):
    """(text box, whether it is inside an absolutely positioned box) below ``box``."""
    for child in getattr(box, "children", []):
        inside = out_of_flow or child.style["position"] in ("absolute", "fixed")
        if isinstance(child, boxes.TextBox):
            yield child, inside
        else:
            yield from _texts(child, inside)


def overflowing_text(html: str) -> list[tuple[int, str, str]]:
    """(page number, where, text) of every piece of text that ends right of its table cell or
    of the page's content area (the CONCEPT mark, positioned on purpose, aside)."""
    install_progress_filter()
    base_url = settings.SITE_URL.rstrip("/") + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=static_only_url_fetcher(base_url)).render(
        **PDF_OPTIONS
    )
    found = []
    for number, page in enumerate(document.pages, 1):
        page_box = page._page_box
        page_right = page_box.content_box_x() + page_box.width
        for text, out_of_flow in _texts(page_box):
            if not out_of_flow and text.position_x + text.width > page_right + TOLERANCE:
                found.append((number, "page", text.text))
        for cell in page_box.descendants():
            if isinstance(cell, boxes.TableCellBox):
                right = cell.border_box_x() + cell.border_width()
                found += [
                    (number, "cell", text.text)
                    for text, _ in _texts(cell)
                    if text.position_x + text.width > right + TOLERANCE
                ]
    return found
