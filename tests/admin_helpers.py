"""Posting admin change forms as staff would: the form as the admin renders it, with changes."""


def form_values(form) -> dict:
    """The values a browser would send back for `form` unchanged (prefixed names)."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            value = [getattr(v, "pk", v) for v in value]
        data[form.add_prefix(name)] = getattr(value, "pk", value)
    return data


def change_form_data(response, **changes) -> dict:
    """The POST of the change form in `response` (a GET of it) with its inlines unchanged,
    and `changes` on top. A history (revert) page has no inlines."""
    data = form_values(response.context["adminform"].form)
    if response.context.get("loaded_state"):  # the hidden state the page carries (check_state)
        data["_loaded_state"] = response.context["loaded_state"]
    inlines = response.context.get("inline_admin_formsets", []) if response.context else []
    for inline in inlines:
        formset = inline.formset
        data |= form_values(formset.management_form)
        for form in formset.forms:
            data |= form_values(form)
    return data | changes
