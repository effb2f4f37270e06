"""Browser-test fixtures: one headless Chromium per session, through Playwright.

Chromium is Debian's (`chromium_path` in tests/conftest.py skips, or fails under
PARTNER_MATH_STRICT=1, when it is missing): `playwright install` cannot download here.
The server comes from `live_server` in tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium_browser(chromium_path: str) -> Iterator[Any]:
    """One headless Chromium for the session; tests open their own contexts."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()
