from django.utils.translation import gettext_lazy as _
from rest_framework import pagination


class Pagination(pagination.PageNumberPagination):
    # Large enough that the fixed reference lists (304 municipalities) fit on one page,
    # while lists that grow stay paginated.
    page_size = 500
    page_size_query_param = "page_size"
    max_page_size = 1000
    # Ours, so that the documentation page has them in Dutch too.
    page_query_description = _("A page number within the paginated result set.")
    page_size_query_description = _("Number of results to return per page.")
