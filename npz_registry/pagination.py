from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError


def _positive(text: str) -> bool:
    return text.isdigit() and int(text) > 0


class Pagination(pagination.PageNumberPagination):
    # Large enough that the fixed reference lists (304 municipalities) fit on one page,
    # while lists that grow stay paginated.
    page_size = 500
    page_size_query_param = "page_size"
    max_page_size = 1000
    # Ours, so that the documentation page has them in Dutch too.
    page_query_description = _("A page number within the paginated result set.")
    page_size_query_description = _("Number of results to return per page.")

    def paginate_queryset(self, queryset, request, view=None):
        """DRF's, but a page or page size that is not a number is a 400 that says so: "page=abc"
        answered 404 and "page_size=abc" was ignored (found by review). A page past the last
        stays a 404, and a page size above the most is read as the most, as DRF does."""
        page = request.query_params.get(self.page_query_param)
        if page is not None and page not in self.last_page_strings and not _positive(page):
            raise ValidationError({self.page_query_param: [gettext("Write a page number from 1.")]})
        size = request.query_params.get(self.page_size_query_param)
        if size is not None and not _positive(size):
            message = gettext("Write a number of results per page from 1 (at most %(most)s are given).")
            raise ValidationError({self.page_size_query_param: [message % {"most": self.max_page_size}]})
        return super().paginate_queryset(queryset, request, view)
