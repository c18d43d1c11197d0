"""The web edition and the dashboard in a real headless Chromium, driven by Selenium.

Pages are opened from file:// URLs; Chrome's performance log records every
request, so a page that fetches anything but its own file fails. Screenshots
go to the test's temporary folder (``browser0/screenshots``).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.browser import _errors, open_page
from support.dashboard import COUNTED, FIXTURE_FUZZY, FIXTURE_UNTRANSLATED, MIXED

from alerti18n.cli.main import main

DOC = "field-hospital"  # the basic fixture project's first document (tests/roots/basic)
LANGS = ("en", "hy", "fr")


def pages(site: Path) -> dict[str, Path]:
    build = site / "project" / "build"
    found = {lang: build / lang / f"{DOC}.html" for lang in LANGS}
    return {**found, "index": build / "index.html", "dashboard": site / "mixed.html"}


@pytest.mark.parametrize("name", [*LANGS, "index", "dashboard"])
def test_page_loads_offline_without_errors(browser, site: Path, name: str) -> None:
    path = pages(site)[name]
    errors, requests = open_page(browser, path)
    assert errors == [], errors
    assert requests, "the performance log recorded nothing"
    assert [u for u in requests if u != path.as_uri() and not u.startswith("data:")] == []
    shot = site / "screenshots" / f"{name}.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    copy_to = os.environ.get("ALERTI18N_SCREENSHOTS")
    if copy_to:
        Path(copy_to).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(copy_to) / shot.name)


def test_language_switcher_navigates_between_versions(browser, site: Path) -> None:
    from selenium.webdriver.common.by import By

    current = pages(site)["en"]
    open_page(browser, current)
    for target in ("hy", "fr", "en"):
        link = browser.find_element(By.CSS_SELECTOR, f'nav.languages a[hreflang="{target}"]')
        link.click()
        here = browser.execute_script(
            "return [document.documentElement.lang, location.pathname,"
            " document.querySelector('nav.languages a[aria-current=page]').hreflang]"
        )
        assert here == [target, pages(site)[target].as_posix(), target]
    assert _errors(browser) == []


def test_index_links_open_each_language(browser, site: Path) -> None:
    from selenium.webdriver.common.by import By

    for lang in LANGS:
        open_page(browser, pages(site)["index"])
        browser.find_element(By.CSS_SELECTOR, f'a[hreflang="{lang}"]').click()
        assert browser.execute_script("return document.documentElement.lang") == lang


def test_armenian_is_laid_out_with_an_armenian_font(browser, site: Path) -> None:
    open_page(browser, pages(site)["hy"])
    # the font named by the stylesheet is available to the page
    assert browser.execute_script(
        "return document.fonts.check('16px \"Noto Sans Armenian\"', 'Հայերեն')"
    )
    # what Chrome actually drew the first paragraph with (DevTools protocol)
    browser.execute_cdp_cmd("DOM.enable", {})
    browser.execute_cdp_cmd("CSS.enable", {})
    root = browser.execute_cdp_cmd("DOM.getDocument", {})["root"]["nodeId"]
    node = browser.execute_cdp_cmd("DOM.querySelector", {"nodeId": root, "selector": "main p"})
    fonts = browser.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
    used = {f["familyName"]: f["glyphCount"] for f in fonts["fonts"]}
    assert max(used, key=used.get) == "Noto Sans Armenian", used
    # Armenian letters are as wide as in Noto Sans Armenian, not as in a fallback face
    widths = browser.execute_script(
        """
        const p = document.querySelector('main p');
        const probe = (family) => {
          const s = document.createElement('span');
          s.textContent = p.textContent.replace(/[^\u0531-\u058a ]/g, '').slice(0, 60);
          s.style.cssText = 'position:absolute;white-space:nowrap;font-size:16px';
          if (family) s.style.fontFamily = family;
          p.appendChild(s);
          const w = s.getBoundingClientRect().width;
          s.remove();
          return w;
        };
        return [probe(''), probe('"Noto Sans Armenian"'), probe('"DejaVu Sans"')];
        """
    )
    page_width, noto_width, fallback_width = widths
    assert abs(page_width - noto_width) < 0.5 and abs(page_width - fallback_width) > 2, widths
    assert browser.execute_script("return document.documentElement.lang") == "hy"


def test_dashboard_numbers_match_status_json(browser, site: Path) -> None:
    result = CliRunner().invoke(
        main, ["status", "--format", "json", "--project", str(site / "project")]
    )
    stats = json.loads(result.stdout)
    open_page(browser, pages(site)["dashboard"])
    shown = browser.execute_script(
        """
        return [...document.querySelectorAll('section.row')].map(row => {
          const out = {doc: row.dataset.doc, lang: row.dataset.lang};
          row.querySelectorAll('td[data-key]').forEach(td => out[td.dataset.key] = +td.textContent);
          out.bar = [...row.querySelectorAll('.bar > span')].map(s => s.textContent.trim());
          out.legend = row.querySelector('.legend').textContent;
          return out;
        });
        """
    )
    assert len(shown) == len(stats) == 4
    for row, s in zip(shown, stats, strict=True):
        assert (row["doc"], row["lang"]) == (s["doc"], s["lang"])
        assert {k: row[k] for k in COUNTED} == {k: s[k] for k in COUNTED}
        # the bar's text labels add up to the whole document
        assert sum(int(label.split()[-1]) for label in row["bar"]) == s["segments"]
    fr = next(r for r in shown if (r["doc"], r["lang"]) == (DOC, "fr"))
    assert fr["bar"][0] == f"reviewed {MIXED['reviewed']}"
    # the machine drafts by confidence band (support.dashboard.CONFIDENCES: one of each)
    for band in ("high confidence", "low confidence", "no score"):
        assert f"machine draft, {band}: 1" in fr["legend"]
    assert fr["machine_high"] + fr["machine_low"] + 1 == MIXED["machine"] == fr["machine"]
    assert f"fuzzy (outdated): {FIXTURE_FUZZY + MIXED['fuzzy']}" in fr["legend"]
    assert f"untranslated: {FIXTURE_UNTRANSLATED + MIXED['emptied']}" in fr["legend"]
