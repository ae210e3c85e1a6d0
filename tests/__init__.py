"""The test suite. A package, so its conftest is `tests.conftest` and shared helpers are
`tests.testkit`; the subfolders (app, store, author) stay plain folders with their own kit
modules (appkit, storekit, schema_paths) and, for app, their own conftest.
"""
