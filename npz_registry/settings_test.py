"""Test overlay: fast hashing, in-memory mail and cache, quiet logs."""

import os

os.environ["NPZ_READ_ENV_FILE"] = "false"
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
# The test client speaks plain HTTP; the production defaults are checked in tests/test_security.py.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from npz_registry.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pdfs": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pdfs"},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# Background imports run at once (in the test's transaction) instead of in a thread.
NPZ_IMPORT_JOBS_IN_THREAD = False
# The test client loads the middleware once per client, and WhiteNoise then lists every collected
# static file (about a thousand after `make serve` or `make bench`): 90 ms per client, a fifth of
# the suite. In autorefresh mode it looks a file up when it is asked for instead.
WHITENOISE_AUTOREFRESH = True
