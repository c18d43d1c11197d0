"""One headless Chromium (Selenium) and the basic fixture's site, for the browser tests."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from alerti18n.cli.main import main
from support.dashboard import mixed_catalog
from support.projects import BASIC, copy_root
from support.tools import require_tool

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1000,1300",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The basic fixture project built as HTML, plus a dashboard of a half-done French catalog."""
    root = tmp_path_factory.mktemp("browser")
    project = copy_root(BASIC, root)
    for args in (["build", "--format", "html"], ["status", "--html", str(root / "dash.html")]):
        result = CliRunner().invoke(main, [*args, "--project", str(project)])
        assert result.exit_code == 0, result.output
    mixed_catalog(project)
    result = CliRunner().invoke(
        main, ["status", "--html", str(root / "mixed.html"), "--project", str(project)]
    )
    assert result.exit_code == 0, result.output
    (root / "screenshots").mkdir()
    return root


@pytest.fixture(scope="module")
def browser(site: Path) -> Iterator:
    """One headless Chromium for the module, with console and network logging."""
    chromium = require_tool("chromium")
    driver_path = require_tool("chromedriver")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="alerti18n-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_page(driver, path: Path) -> tuple[list[str], list[str]]:
    """Load ``path``; return (console errors, requested URLs) of that load."""
    driver.get("about:blank")
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(path.as_uri())
    driver.execute_script("return document.fonts.ready.then(() => true)")
    return _errors(driver), _requests(driver)


def _errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls
