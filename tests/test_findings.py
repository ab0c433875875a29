"""The findings registry (normalize/findings.py): every code used is registered once, with a
severity it allows, and the data dictionary lists them all."""

from __future__ import annotations

import ast
import re

import pytest

from conftest import ROOT
from normalize.findings import (
    FINDING_TYPES,
    SEVERITIES,
    TABLES,
    Finding,
    UnregisteredFinding,
    finding,
)

# Every UPPER_SNAKE string in the package is a finding code, except these names of other
# things (an environment variable, a constant's name in a message); a registered code of one
# word (CORRECTED) is found by its name.
NOT_CODES = {"OMP_THREAD_LIMIT", "SUPPORTED_SUFFIXES"}
CODE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
SOURCES = ["pipeline.py", "extract", "normalize", "ita_extract"]


def _code_literals() -> dict[str, str]:
    """Every UPPER_SNAKE string literal of the package's source → a file that holds it."""
    found: dict[str, str] = {}
    for name in SOURCES:
        path = ROOT / name
        for file in [path] if path.is_file() else sorted(path.rglob("*.py")):
            if file.name == "findings.py":
                continue  # the registry itself
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                text = node.value if isinstance(node, ast.Constant) else None
                if isinstance(text, str) and (CODE.match(text) or text in FINDING_TYPES):
                    found.setdefault(text, str(file.relative_to(ROOT)))
    return found


def test_every_code_the_source_uses_is_registered():
    used = _code_literals()
    unregistered = {code: file for code, file in used.items() if code not in FINDING_TYPES}
    assert unregistered.keys() <= NOT_CODES, unregistered
    assert len(used) > 25  # the scan sees the producers (a broken scan would pass vacuously)


def _severity_code_pairs() -> list[tuple[str, str, str]]:
    """(severity, code, file) of every ``Finding("severity", "CODE", …)`` written with both as
    literals, and of ``pick``/``majority``-style calls that pass a literal code and severity."""
    pairs = []
    for name in SOURCES:
        path = ROOT / name
        for file in [path] if path.is_file() else sorted(path.rglob("*.py")):
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
                codes = [
                    t for t in texts if isinstance(t, str) and (CODE.match(t) or t in FINDING_TYPES)
                ]
                severities = [t for t in texts if t in SEVERITIES]
                if codes and severities:
                    pairs.append((severities[0], codes[0], str(file.relative_to(ROOT))))
    return pairs


def test_every_literal_severity_is_one_its_code_takes():
    pairs = _severity_code_pairs()
    wrong = [(s, c, f) for s, c, f in pairs if s not in FINDING_TYPES[c].severities]
    assert wrong == []
    assert len(pairs) > 15  # the scan sees the producers


def test_every_registered_code_is_used_somewhere():
    assert set(FINDING_TYPES) <= set(_code_literals()), set(FINDING_TYPES) - set(_code_literals())


def test_registry_entries_are_well_formed():
    for code, kind in FINDING_TYPES.items():
        assert kind.code == code and re.fullmatch(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*", code)
        assert kind.severities and set(kind.severities) <= set(SEVERITIES)
        assert kind.tables and set(kind.tables) <= set(TABLES)
        assert kind.description.strip() and "\n" not in kind.description


def test_an_unregistered_code_or_severity_cannot_be_reported():
    with pytest.raises(UnregisteredFinding, match="not registered"):
        Finding("warning", "NO_SUCH_CODE", "x")
    with pytest.raises(UnregisteredFinding, match="not registered"):
        finding("NO_SUCH_CODE", "x")
    with pytest.raises(UnregisteredFinding, match="not 'info'"):
        Finding("info", "OVERALL_MISMATCH", "x")


def test_finding_takes_the_usual_severity():
    assert finding("OCR_USED", "pages read by OCR: 1").severity == "info"
    assert finding("PAGES_WITHOUT_TEXT", "2").severity == "warning"
    assert finding("OVERALL_MISMATCH", "x", page=2, line=7) == Finding(
        "error", "OVERALL_MISMATCH", "x", 2, 7
    )


def test_the_data_dictionary_lists_every_code():
    text = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    for code, kind in FINDING_TYPES.items():
        assert f"| `{code}` | {' or '.join(kind.severities)} |" in text
