"""Batch runs: incremental re-runs, workers, time limits, lock, formats, wide.csv, Dask.

Inputs are copies of the samples in a temporary folder; expected scores are the samples'
(tests/expected.py), read from the documents.
"""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from filelock import FileLock

import pipeline
from conftest import ROOT, SAMPLES, SAMPLES_PDF
from expected import EXPECTED_SCORES
from ita_extract.batch.executors import ExecutorUnavailable
from pipeline import RunOptions, main, run
from tests_support import read_csv, slow_run_script

TABLES = [
    "documents.csv",
    "indicator_scores.csv",
    "item_scores.csv",
    "measures.csv",
    "validation.csv",
    "wide.csv",
]


@pytest.fixture
def corpus(tmp_path):
    """The five text samples and the three sample PDFs in a folder of their own."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in [*SAMPLES.glob("*.txt"), *SAMPLES_PDF.glob("*.pdf")]:
        shutil.copy(path, folder / path.name)
    return folder


def tables(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in TABLES}


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_unchanged_rerun_extracts_nothing_and_writes_identical_tables(corpus, tmp_path):
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "-q"]) == 0
    first = tables(out)
    assert manifest(out)["counts"]["extracted"] == 8
    assert main(["run", str(corpus), "--out", str(out), "-q"]) == 0
    counts = manifest(out)["counts"]
    assert (counts["extracted"], counts["unchanged"]) == (0, 8)
    assert tables(out) == first
    for name, digest in manifest(out)["outputs_sha256"].items():
        assert len(digest) == 64 and (out / name).exists()


def test_tables_do_not_depend_on_the_number_of_workers(corpus, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    run([corpus], one, RunOptions(workers=1))
    run([corpus], two, RunOptions(workers=2))
    assert tables(one) == tables(two)


def test_changed_new_and_removed_files_and_force(corpus, tmp_path):
    out = tmp_path / "out"
    run([corpus], out, RunOptions(workers=2))
    text = corpus / "000_1797b4be62800ae6.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nบรรทัดใหม่\n", encoding="utf-8")
    (corpus / "004_a5171d321bc2f1a0.txt").unlink()
    report = run([corpus], out, RunOptions(workers=2))
    assert (report.extracted, report.unchanged) == (1, 6)
    names = {r["source_path"] for r in read_csv(out / "documents.csv")}
    assert "004_a5171d321bc2f1a0.txt" not in names and len(names) == 7
    assert run([corpus], out, RunOptions(workers=2, force=True)).extracted == 7


def test_a_new_extractor_version_extracts_everything_again(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run([corpus], out, RunOptions(workers=2))
    monkeypatch.setattr(pipeline, "__version__", "99.0.0")
    assert run([corpus], out, RunOptions(workers=2)).extracted == 8


def test_duplicates_are_extracted_once_and_listed_under_each_name(corpus, tmp_path):
    shutil.copy(corpus / "001_8921beb29c9612d0.txt", corpus / "copy_of_001.txt")
    out = tmp_path / "out"
    report = run([corpus], out, RunOptions(workers=2))
    assert (report.seen, report.unique, report.extracted) == (9, 8, 8)
    docs = {r["source_path"]: r for r in read_csv(out / "documents.csv")}
    assert docs["copy_of_001.txt"]["doc_id"] == docs["001_8921beb29c9612d0.txt"]["doc_id"]
    doc_id = docs["copy_of_001.txt"]["doc_id"]
    scores = [r for r in read_csv(out / "indicator_scores.csv") if r["doc_id"] == doc_id]
    assert len(scores) == 20  # ten for each name


# The per-document time limit of the hang-and-crash test, seconds.
LIMIT = 8


def _slow_process_file(item, *args, **kwargs):
    """A stand-in for pipeline.process_file: hangs or kills its process on cue."""
    if "hang" in item.source_path:
        time.sleep(600)
    if "crash" in item.source_path:
        os._exit(3)
    return _ORIGINAL(item, *args, **kwargs)


_ORIGINAL = pipeline.process_file


def test_a_hanging_or_crashing_document_becomes_a_failed_row_and_is_retried(
    corpus, tmp_path, monkeypatch
):
    (corpus / "hang.txt").write_text("x", encoding="utf-8")
    (corpus / "crash.txt").write_text("y", encoding="utf-8")
    monkeypatch.setattr(pipeline, "process_file", _slow_process_file)  # workers are forked
    out = tmp_path / "out"
    start = time.perf_counter()
    # the limit leaves the real documents room on a loaded 2-core machine (a sample PDF takes
    # 0.3 s alone, over 2 s while other processes run OCR)
    report = run([corpus], out, RunOptions(workers=2, doc_timeout=LIMIT))
    assert time.perf_counter() - start < 60
    failures = dict(report.failures)
    assert failures["hang.txt"] == f"timed out after {LIMIT} s"
    assert failures["crash.txt"] == "worker process died (exit code 3)"
    docs = {r["source_path"]: r for r in read_csv(out / "documents.csv")}
    assert docs["hang.txt"]["status"] == "failed" and docs["hang.txt"]["error"]
    assert docs["001_8921beb29c9612d0.txt"]["overall_score"] == "91.76"
    again = run([corpus], out, RunOptions(workers=2, doc_timeout=LIMIT))
    assert (again.extracted, again.unchanged) == (2, 8)  # the failed two, tried again


def _stored(store: Path) -> int:
    with sqlite3.connect(store) as db:
        return db.execute("SELECT count(*) FROM results").fetchone()[0]


def test_a_killed_run_leaves_the_previous_tables_intact(corpus, tmp_path):
    out = tmp_path / "out"
    run([corpus], out, RunOptions(workers=2))
    before = tables(out)
    newer = tmp_path / "newer"
    shutil.copytree(corpus, newer)
    for path in newer.iterdir():  # every file changed: all eight must be extracted again
        path.write_bytes(path.read_bytes() + b"\n")
    script = slow_run_script(ROOT, newer, out)
    child = subprocess.Popen([sys.executable, "-c", script])
    store = out / ".ita-extract" / "state.sqlite"
    deadline = time.monotonic() + 120
    while _stored(store) < 9 and time.monotonic() < deadline:  # one new document done
        time.sleep(0.2)
    child.kill()
    child.wait()
    assert tables(out) == before
    resumed = run([newer], out, RunOptions(workers=2))
    assert 0 < resumed.extracted < 8  # what the killed run finished was kept


def test_a_second_run_on_a_locked_folder_is_refused(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    (out / ".ita-extract").mkdir(parents=True)
    with FileLock(out / ".ita-extract" / "lock"):
        assert main(["run", str(corpus), "--out", str(out)]) == 2
    assert "lock" in capsys.readouterr().err
    assert not (out / "documents.csv").exists()


def test_parquet_keeps_types(corpus, tmp_path):
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--format", "both", "-q"]) == 0
    docs = pd.read_parquet(out / "documents.parquet")
    assert str(docs["n_pages"].dtype) == "Int64"
    assert str(docs["overall_score"].dtype) == "Float64"
    row = docs.set_index("source_path").loc["000_1797b4be62800ae6.txt"]
    assert pd.isna(row["overall_score"])  # 000 states no overall score: null, not NaN text
    ind = pd.read_parquet(out / "indicator_scores.parquet")
    assert str(ind["indicator_no"].dtype) == "Int64"
    assert len(ind) == len(read_csv(out / "indicator_scores.csv"))


def test_wide_table_has_the_ten_scores_side_by_side(corpus, tmp_path):
    out = tmp_path / "out"
    run([corpus], out, RunOptions(workers=2))
    rows = {r["source_path"]: r for r in read_csv(out / "wide.csv")}
    # 001 as text and as PDF: one organisation-year, one row; both are text, with the same
    # scores and years, so the first source_path is chosen and the other is named.
    assert "001_8921beb29c9612d0.txt" not in rows
    row = rows["001_8921beb29c9612d0.pdf"]
    assert (row["n_documents"], row["other_source_paths"]) == ("2", "001_8921beb29c9612d0.txt")
    expected = EXPECTED_SCORES["001_8921beb29c9612d0"]
    assert {n: float(row[f"ind_{n}"]) for n in range(1, 11)} == expected
    assert (row["overall_score"], row["assessment_year_be"], row["province"]) == (
        "91.76",
        "2568",
        "มหาสารคาม",
    )
    assert (row["province_code"], row["province_en"], row["district_code"]) == (
        "44",
        "Maha Sarakham",
        "4412",
    )
    assert (row["level_computed"], row["status"], row["n_errors"]) == ("ผ่าน", "ok", "0")
    assert rows["000_1797b4be62800ae6.txt"]["ind_4"] == "78.85"
    assert rows["000_1797b4be62800ae6.txt"]["ind_1"] == ""
    assert "004_a5171d321bc2f1a0.txt" not in rows  # states no score


def test_json_logs_and_the_summary(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(corpus), "--out", str(out), "--log-json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    summary = [e["message"] for e in lines if e["level"] == "summary"]
    assert summary[0].startswith("8 documents seen (8 distinct), 8 extracted, 0 unchanged")


def test_dask_executor_gives_the_same_tables(corpus, tmp_path):
    pytest.importorskip("distributed")
    local, dask = tmp_path / "local", tmp_path / "dask"
    run([corpus], local, RunOptions(workers=2))
    report = run([corpus], dask, RunOptions(workers=2, executor="dask"))
    assert report.extracted == 8 and not report.failures
    assert tables(dask) == tables(local)


def test_dask_executor_without_dask_says_what_to_install(corpus, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(ExecutorUnavailable, match=r"pip install 'ita-extract\[dask\]'"):
        run([corpus], tmp_path / "out", RunOptions(executor="dask"))


def test_the_output_folder_inside_an_input_is_not_read(corpus, tmp_path):
    out = corpus / "out"
    run([corpus], out, RunOptions(workers=2))
    report = run([corpus], out, RunOptions(workers=2))
    assert (report.seen, report.extracted, report.failures) == (8, 0, [])


@pytest.mark.parametrize(
    "name",
    ["a\\b.txt", "bad\udcff.txt", "x\\xff.txt", "ธรรมดา.pdf", "a\\\\xzz", "\\", "plain.txt"],
)
def test_a_name_written_for_the_tables_gives_back_the_file_name(name):
    """display_name writes odd bytes as \\xNN and a backslash doubled; file_name undoes it
    (the report finds a document's file by its source_path), one name to one text."""
    from ita_extract.batch.inputs import display_name, file_name

    written = display_name(name)
    assert "\udcff" not in written
    assert file_name(written) == name


def test_a_worker_stopped_with_sigterm_ends_without_the_commands_handler():
    """Workers are forked while the command's SIGTERM handler (which raises
    KeyboardInterrupt) is set; the pool stops workers with SIGTERM, and a worker that kept
    that handler printed a traceback. In a process of its own: the set-up ignores Ctrl-C."""
    script = (
        "import os, signal\n"
        "def handler(signum, frame): raise KeyboardInterrupt(signum)\n"
        "signal.signal(signal.SIGTERM, handler)\n"
        "from ita_extract.batch.executors import _start_worker\n"
        "_start_worker(None)\n"
        "os.kill(os.getpid(), signal.SIGTERM)\n"
        "print('still running')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == -signal.SIGTERM, done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr
