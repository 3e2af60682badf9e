"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, against a live server.

Every page a test opens through the `page` fixture is checked twice: nothing on it may break the
Content-Security-Policy, and axe-core (vendored, test-only) may find no serious or critical WCAG 2
A/AA violation on it (the failure names the rule, the element and the page). axe runs on each
document once it has loaded, just before the test's next call on the page (so on the state the test
left it in), and on the final state at teardown; colour contrast once for each kind of page.
"""

import functools
import os
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
# One folder per database: .ci/run runs the SQLite and the PostgreSQL passes side by side.
ARTIFACTS = ROOT / "artifacts" / ("postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite")
AXE = ROOT / "static" / "vendor" / "axe-core-4.10.3" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa"]
AXE_IMPACTS = {"serious", "critical"}
AXE_COST = {"audits": 0, "seconds": 0.0}  # what the audits cost the suite, reported at its end
# Colour contrast is four fifths of an audit's time, and a page's colours come from the stylesheet and
# its template, not from its rows: it is checked on the first page of each kind (its path, numbers
# aside) that the suite opens, every other rule on every page.
CONTRAST_CHECKED = set()
# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Evaluated through the DevTools protocol, not as a <script> of the page: the site's CSP (scripts from
# its own files only) stays as strict as in production, and axe is parsed once per document.
AXE_RUN = """async ([source, tags, contrast]) => {
  if (!window.axe) { (0, eval)(source); }
  const result = await window.axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
                                                 preload: false, rules: {"color-contrast": {enabled: contrast}}});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({impact: n.impact, target: n.target.join(" "), summary: n.failureSummary}))}));
}"""


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("THADS_REQUIRE_BROWSER") or os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@functools.cache
def axe_source():
    return AXE.read_text(encoding="utf-8")


class Accessibility:
    """Runs axe on a page's documents, each once, and keeps what it found."""

    def __init__(self, page):
        self.page = page
        self.loads = 0  # documents loaded (counted by the "load" event, which costs no call)
        self.audited = 0
        self.violations = []  # (page URL, rule id, impact, target selector, help)
        self.pages = []
        page.on("load", self._loaded)

    def _loaded(self, _page):
        self.loads += 1

    def check(self, final=False):
        """Audits the current document if it has loaded since the last audit (`final`: in any case,
        for the state the test left it in)."""
        if (self.audited == self.loads and not final) or self.page.is_closed():
            return
        self.audited = self.loads
        from playwright.sync_api import Error

        source = axe_source()
        for _attempt in range(2):
            url = self.page.url
            kind = re.sub(r"\d+", "<n>", urlsplit(url).path)
            started = time.perf_counter()
            try:
                found = self.page.evaluate(AXE_RUN, [source, AXE_TAGS, kind not in CONTRAST_CHECKED])
            except Error as error:  # the document went away under axe (a script navigated): audit the next
                if "context was destroyed" not in str(error) and "navigat" not in str(error):
                    raise
                self.page.wait_for_load_state()
                self.audited = self.loads
                continue
            CONTRAST_CHECKED.add(kind)
            AXE_COST["audits"] += 1
            AXE_COST["seconds"] += time.perf_counter() - started
            self.pages.append(url)
            for violation in found:
                for node in violation["nodes"]:
                    impact = node["impact"] or violation["impact"]
                    found_here = (url, violation["id"], impact, node["target"], violation["help"])
                    if impact in AXE_IMPACTS and found_here not in self.violations:
                        self.violations.append(found_here)
            return

    def report(self):
        return "\n".join(f"  {url}: {rule} ({impact}) at {target} — {help_}"
                         for url, rule, impact, target, help_ in self.violations)


class AuditedPage:
    """A Playwright page (and the locators taken from it) that lets axe look at each new document
    before the test acts on it again. Everything else is the page's own."""

    def __init__(self, target, accessibility):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_accessibility", accessibility)

    def __getattr__(self, name):
        value = getattr(self._target, name)
        if callable(value):
            def call(*args, **kwargs):
                self._accessibility.check()
                return _audited(value(*args, **kwargs), self._accessibility)
            return call
        return _audited(value, self._accessibility)

    def __setattr__(self, name, value):
        setattr(self._target, name, value)

    def __repr__(self):
        return f"AuditedPage({self._target!r})"


def _audited(value, accessibility):
    from playwright.sync_api import FrameLocator, Locator

    return AuditedPage(value, accessibility) if isinstance(value, (Locator, FrameLocator)) else value


def audited(page):
    """`page`, checked by axe: returns the page to drive and its Accessibility record."""
    accessibility = Accessibility(page)
    return AuditedPage(page, accessibility), accessibility


@pytest.fixture
def page(browser):
    """A fresh tab; the test fails if anything on its pages broke the Content-Security-Policy (an
    inline script or style would silently not run in production), or if axe finds a serious or
    critical accessibility violation on any of them."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    raw = context.new_page()
    refused = []
    raw.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    page, accessibility = audited(raw)
    yield page
    accessibility.check(final=True)
    context.close()
    assert refused == [], f"refused by the Content-Security-Policy: {refused}"
    assert not accessibility.violations, (
        f"axe-core found serious or critical accessibility violations:\n{accessibility.report()}")


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take


def pytest_terminal_summary(terminalreporter):
    if AXE_COST["audits"]:
        terminalreporter.write_line(f"axe-core: {AXE_COST['audits']} audits in {AXE_COST['seconds']:.1f} s")
