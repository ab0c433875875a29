"""The data dictionary and the README stay true to the code."""

from conftest import ROOT
from ita_extract.tables import data_dictionary
from pipeline import build_parser


def test_data_dictionary_is_generated_from_the_schemas():
    committed = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert committed == data_dictionary(), "run: python scripts/make_data_dictionary.py"


def test_readme_names_the_commands_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "./run.sh" in readme and "./test.sh" in readme
    assert (ROOT / "run.sh").exists() and (ROOT / "test.sh").exists()
    assert "test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    help_text = build_parser().format_help()
    assert "run" in help_text


def test_readme_names_every_option_of_run():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    run_parser = build_parser()._subparsers._group_actions[0].choices["run"]
    options = [s for a in run_parser._actions for s in a.option_strings if s.startswith("--")]
    assert "--doc-timeout" in options and "--executor" in options
    missing = [o for o in options if o not in readme and o != "--help"]
    assert missing == [], f"README does not mention {missing}"
