"""The browser fixtures (one headless Chromium, the basic fixture's built site) for e2e tests."""

from support.browser import browser, site  # noqa: F401 (fixtures)
