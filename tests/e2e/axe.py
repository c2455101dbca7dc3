"""axe-core in every e2e journey: each document a test's browser loads is
checked once, and the test fails on any serious or critical violation.

axe-core ships inside the ``axe-playwright-python`` wheel (``axe.min.js``): no
network. ``AxeWatch.attach`` hooks a page's ``load`` event; the check runs in
the page while the test goes on. A document the test left before its check
ran (it clicked on at once) is opened again with a GET when its context
closes, so every page visited is checked, not only the slow ones.
"""

from __future__ import annotations

from axe_playwright_python.base import AXE_SCRIPT

BLOCKING = ("serious", "critical")
# Run each document's check only once per URL, viewport and state (a form
# shown with its errors is a state of its own) in a session: the same page in
# the next test costs time and finds nothing new.
Key = tuple[str, int, bool]
_SEEN: set[Key] = set()
ERRORS = ".error-summary, .field--error, [aria-invalid=true]"

RUN = """async (errorSelector) => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return {url: location.href,
          errors: !!document.querySelector(errorSelector), violations: results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "),
                             html: n.html.slice(0, 200),
                             summary: n.failureSummary || ""}))}))};
}"""


class AxeWatch:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.checked: set[str] = set()
        self.missed: dict[Key, str] = {}  # key -> url
        self.paused = False

    def attach(self, page) -> None:
        page.on("load", lambda _page=page: self._on_load(_page))

    def attach_context(self, context) -> None:
        context.on("page", self.attach)
        for page in context.pages:
            self.attach(page)

    def _key(self, page, url: str, errors: bool) -> Key:
        width = (page.viewport_size or {}).get("width", 0)
        return (url, width, errors)

    def _on_load(self, page) -> None:
        url = page.url
        if self.paused or not url.startswith("http"):
            return
        key = (url, 0, False)
        try:
            errors = page.evaluate("s => !!document.querySelector(s)", ERRORS)
            key = self._key(page, url, errors)
            if key in _SEEN:
                return
            self.check(page)
        except Exception:  # the page navigated on (or closed) mid-check
            if key not in _SEEN:
                self.missed[key] = url

    def check(self, page) -> None:
        """Run axe on the page as it is now (also usable after an htmx swap)."""
        page.evaluate(AXE_SCRIPT)
        result = page.evaluate(RUN, ERRORS)
        url = result["url"]
        key = self._key(page, url, result["errors"])
        _SEEN.add(key)
        self.checked.add(url)
        self.missed.pop(key, None)
        for violation in result["violations"]:
            if violation["impact"] not in BLOCKING:
                continue
            nodes = "\n".join(
                f"      - {n['target']}: {n['html']}\n        {n['summary']}".rstrip()
                for n in violation["nodes"][:5]
            )
            self.problems.append(
                f"{url}\n    [{violation['impact']}] {violation['id']}: "
                f"{violation['help']}\n{nodes}"
            )

    def revisit_missed(self, context) -> None:
        """Open the documents left before their check (GET, same session)."""
        pending = [(key, url) for key, url in self.missed.items() if key not in _SEEN]
        self.missed.clear()
        if not pending:
            return
        self.paused = True
        page = context.new_page()
        try:
            for (_url, width, _errors), url in pending:
                page.set_viewport_size({"width": width or 1366, "height": 800})
                page.goto(url)
                if page.url == url:
                    self.check(page)
        finally:
            page.close()
            self.paused = False

    def report(self) -> str:
        return (
            f"axe-core: {len(self.problems)} serious/critical accessibility "
            "violation(s):\n" + "\n".join(self.problems)
        )
