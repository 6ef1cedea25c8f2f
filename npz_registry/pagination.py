from rest_framework import pagination


class Pagination(pagination.PageNumberPagination):
    # Large enough that the fixed reference lists (304 municipalities) fit on one page,
    # while lists that grow stay paginated.
    page_size = 500
    page_size_query_param = "page_size"
    max_page_size = 1000
