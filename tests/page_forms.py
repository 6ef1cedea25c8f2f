"""Posting a page's form as a browser would: what it sends back of the rendered HTML."""

from bs4 import BeautifulSoup


def sent_as_shown(response, field: str) -> dict:
    """What a browser sends back, unchanged, of the form on the page that holds `field`."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one(f'[name="{field}"], [name$="-{field}"]').find_parent("form")
    data: dict[str, list[str]] = {}
    for tag in form.select("input, select, textarea"):
        name = tag.get("name")
        if not name or tag.get("type") in ("submit", "button"):
            continue
        if tag.name == "select":
            chosen = tag.select("option[selected]") or tag.select("option")[:1]
            values = [option.get("value", option.get_text()) for option in chosen]
        elif tag.name == "textarea":
            values = [tag.get_text()]
        elif tag.get("type") in ("checkbox", "radio"):
            values = [tag.get("value", "on")] if tag.has_attr("checked") else []
        else:
            values = [tag.get("value", "")]
        data.setdefault(name, []).extend(values)
    return data
