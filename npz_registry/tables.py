"""Staff tables: one page size and one way to page through rows."""

from django.core.paginator import Page, Paginator

#: Rows per page of a staff table.
PAGE_SIZE = 25


def page_of(request, rows, per_page: int = PAGE_SIZE, param: str = "page") -> Page:
    """The page `?page=` (or `param`) asks for; a missing, bad or too high number gives the
    first or last page."""
    return Paginator(rows, per_page).get_page(request.GET.get(param))


def is_filtered(filterset) -> bool:
    """Whether the visitor narrowed the table (sorting alone does not count): an empty table
    then says "nothing matches" rather than "nothing there"."""
    if not filterset.is_bound or not filterset.is_valid():
        return False
    return any(
        value not in (None, "", []) for name, value in filterset.form.cleaned_data.items() if name != "o"
    )
