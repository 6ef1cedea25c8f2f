"""Facts the accessibility statement (/toegankelijkheid/) gives about how the application is tested."""

import datetime

#: The axe-core release the browser tests run (tests/browser/vendor/axe.min.js; a test keeps the
#: two equal).
AXE_CORE_VERSION = "4.14.1"

#: The day the statement was last drawn up from those tests: change it with the statement.
STATEMENT_DATE = datetime.date(2026, 12, 4)
