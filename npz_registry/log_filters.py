"""Filters of the log handlers (settings.LOGGING)."""

import logging


class RefusalsWithoutTraceback(logging.Filter):
    """A refused or unknown request (403, 404, 400: django.request logs the exception that made
    it) stays one line in the log; only server errors (5xx) keep their traceback. A coordinator
    who opens a page outside their scope is expected, not a fault to debug."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
