"""Regenerate docs/data-dictionary.md from the schemas in ita_extract/tables.py.

Run from the repository root: ``python scripts/make_data_dictionary.py``.
"""

from pathlib import Path

from ita_extract.tables import data_dictionary

if __name__ == "__main__":
    Path("docs/data-dictionary.md").write_text(data_dictionary(), encoding="utf-8")
    print("wrote docs/data-dictionary.md")
