"""statsmodels is imported by its sub-modules, inside the functions that use it, never as
``statsmodels.api`` (issue 18: ``import statsmodels.api`` costs about 0.5 s, its own
sub-modules and all of ``scipy.stats``; the guide imports none of it).

A scan of the package's source, not an import: it costs nothing at collection and names
the file and line of an import that breaks the rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import timestudy

PACKAGE = Path(timestudy.__file__).parent
IMPORT = re.compile(r"^(\s*)(?:from\s+(statsmodels[\w.]*)\s+import|import\s+(statsmodels[\w.]*))")


def statsmodels_imports(text: str) -> list[tuple[int, str, bool]]:
    """Each statsmodels import of a module's source: ``(line, module, at_top)``.

    By hand: a module importing ``statsmodels.api`` at its top and ``WLS`` from
    ``statsmodels.regression.linear_model`` inside a function has two, the first at the top.

    >>> statsmodels_imports("import statsmodels.api as sm\\n"
    ...                     "def f():\\n"
    ...                     "    from statsmodels.regression.linear_model import WLS\\n")
    [(1, 'statsmodels.api', True), (3, 'statsmodels.regression.linear_model', False)]
    """
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        m = IMPORT.match(line)
        if m:
            found.append((number, m.group(2) or m.group(3), not m.group(1)))
    return found


def _package_imports() -> list[tuple[str, int, str, bool]]:
    return [(str(path.relative_to(PACKAGE)), *found)
            for path in sorted(PACKAGE.rglob("*.py"))
            for found in statsmodels_imports(path.read_text("utf-8"))]


def test_the_scan_finds_what_the_rule_forbids():
    text = "import statsmodels.api as sm\nfrom statsmodels.formula.api import ols\n"
    assert [(m, top) for _, m, top in statsmodels_imports(text)] == [
        ("statsmodels.api", True), ("statsmodels.formula.api", True)]


def test_no_module_imports_statsmodels_api_or_statsmodels_at_its_top():
    imports = _package_imports()
    assert imports, "the scan found no statsmodels import at all: is the pattern still right?"
    api = [(f, n, m) for f, n, m, _ in imports if m == "statsmodels" or m.endswith(".api")]
    assert not api, f"statsmodels.api (or the whole package) imported: {api}"
    top = [(f, n, m) for f, n, m, at_top in imports if at_top]
    assert not top, f"statsmodels imported at a module's top (import it where used): {top}"
