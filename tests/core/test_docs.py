"""The docs name real things: every file path and relative link in README.md and docs/ exists,
so a moved module or a renamed page shows up here rather than misleading a newcomer."""

import ast
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PATH = re.compile(r"\b((?:apps|tests|benchmarks|templates|static|unionorg)/[\w/.-]*\w)")
DOTTED = re.compile(r"`(apps\.[\w.]+)")
LINK = re.compile(r"\]\(([^)#:]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_paths_and_links_in_the_docs_exist(doc):
    text = doc.read_text()
    missing = [p for p in PATH.findall(text) if not (ROOT / p).exists()]
    missing += [link for link in LINK.findall(text) if not (doc.parent / link).exists()]
    assert not missing, f"{doc.name} names what does not exist: {sorted(set(missing))}"


def resolves(dotted: str) -> bool:
    """`apps.stats.figures.compute`: a module, then attributes of it."""
    parts = dotted.rstrip(".").split(".")
    for split in range(len(parts), 1, -1):
        try:
            found = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for name in parts[split:]:
            if not hasattr(found, name):
                return False
            found = getattr(found, name)
        return True
    return False


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_modules_and_names_in_the_docs_exist(doc):
    missing = [name for name in DOTTED.findall(doc.read_text()) if not resolves(name)]
    assert not missing, f"{doc.name} names what does not exist: {sorted(set(missing))}"


def test_readme_stays_short():
    assert len((ROOT / "README.md").read_text().splitlines()) <= 200


FORMATTER_EXCEPTION = re.compile(r"#\s*fmt:\s*(?:skip|off)\s*$", re.M)


def test_formatter_exceptions_are_counted_and_each_file_says_why():
    """A `# fmt: skip` keeps a table aligned (a column, a rule, a sheet's row a line): the
    module's docstring says which, and the developer guide gives the count."""
    counts = {}
    for top in ("apps", "tests", "benchmarks", "unionorg"):
        for path in sorted((ROOT / top).glob("**/*.py")):
            if found := len(FORMATTER_EXCEPTION.findall(path.read_text())):
                counts[path.relative_to(ROOT)] = found
    unexplained = [
        str(path)
        for path in counts
        if "`# fmt: skip`" not in (ast.get_docstring(ast.parse((ROOT / path).read_text())) or "")
    ]
    assert not unexplained, f"no reason for the formatter exceptions of {unexplained}"
    guide = (ROOT / "docs" / "开发指南.md").read_text()
    stated = f"{sum(counts.values())} formatter exceptions in {len(counts)} files"
    assert stated in guide, f"docs/开发指南.md should say: {stated}"
