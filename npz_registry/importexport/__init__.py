"""Imports and exports of tables (django-import-export), fast and safe, shared by the apps.

- `resources`: the base resource every table's resource builds on (natural keys looked up
  once per import, writes in bulk with their history, all or nothing, formulas escaped).
- `files`: reading an uploaded file into rows, with the size, row and encoding checks.
- `admin`: the admin mixin (Dutch previews and file names, background jobs for big files).
- `jobs` and `models`: imports that run in the background, with their progress page.
- `reference`: loading the reference files in fixtures/ through the same resources.
- `bench`: timing an import, for `make bench`.
"""
