"""Nothing lost, nothing wrong, whatever happens: bad inputs and faults.

Each test reproduces a case found by trying the tool as a new user and as an attacker would:
inputs that collide, change, vanish, block or cannot be read; an output folder that is
dangerous, read-only, full or killed while written; a damaged state store. Expected values are
the samples' (tests/expected.py), read from the documents.
"""

import errno
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import pipeline
from conftest import ROOT, SAMPLES, SAMPLES_PDF
from expected import EXPECTED_SCORES
from extract.readers.ocr import tesseract_available
from ita_extract.batch import executors
from ita_extract.batch.executors import Task
from ita_extract.tables import TABLES
from pipeline import RunOptions, main, run
from tests_support import read_csv, slow_run_script

SAMPLE_001 = SAMPLES / "001_8921beb29c9612d0.txt"  # องค์การบริหารส่วนตำบลกุดรัง
SAMPLE_002 = SAMPLES / "002_6a4ead38d9ff2a9b.txt"  # องค์การบริหารส่วนตำบลต้นมะพร้าว
ORG_001 = "องค์การบริหารส่วนตำบลกุดรัง"
ORG_002 = "องค์การบริหารส่วนตำบลต้นมะพร้าว"
SCAN_001 = ROOT / "tests" / "fixtures" / "scanned" / "001_8921beb29c9612d0_thai.pdf"


def documents(out: Path) -> dict[str, dict[str, str]]:
    return {r["source_path"]: r for r in read_csv(out / "documents.csv")}


def scores(out: Path, source_path: str) -> dict[int, float]:
    return {
        int(r["indicator_no"]): float(r["score"])
        for r in read_csv(out / "indicator_scores.csv")
        if r["source_path"] == source_path
    }


PUBLISHED_TABLES = [*TABLES, *(name.replace(".csv", ".parquet") for name in TABLES)]


def published(out: Path) -> dict[str, bytes | None]:
    """What a reader of the output folder sees: every table's bytes, CSV and Parquet (None
    when absent)."""
    return {
        name: (out / name).read_bytes() if (out / name).exists() else None
        for name in PUBLISHED_TABLES
    }


def cli(args: list[str], prefix: tuple[str, ...] = (), timeout: float = 300):
    """Run ``ita-extract`` in a process of its own; returns (exit status, stderr)."""
    done = subprocess.run(
        [*prefix, sys.executable, str(ROOT / "pipeline.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    return done.returncode, done.stderr


def unprivileged() -> tuple[str, ...]:
    """A command prefix under which file permissions apply: as root, the capabilities that
    bypass them are dropped (setpriv, util-linux); otherwise none is needed."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: file permissions cannot be tested")
    return ("setpriv", "--bounding-set=-dac_override,-dac_read_search")


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MB file system of its own (tmpfs), to fill or make read-only; needs root."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


# 1. Keys that cannot collide -----------------------------------------------------------------


def test_two_inputs_with_the_same_relative_name_are_refused(tmp_path, capsys):
    for folder, sample in (("a", SAMPLE_001), ("b", SAMPLE_002)):
        (tmp_path / "in" / folder).mkdir(parents=True)
        shutil.copy(sample, tmp_path / "in" / folder / "report.txt")
    a, b, out = tmp_path / "in" / "a", tmp_path / "in" / "b", tmp_path / "out"
    assert main(["run", str(a), str(b), "--out", str(out), "-q"]) == 2
    err = capsys.readouterr().err
    assert "'report.txt'" in err and "common parent" in err
    assert main(["run", str(a / "report.txt"), str(b / "report.txt"), "--out", str(out)]) == 2
    assert not (out / "documents.csv").exists()
    # Their common parent gives each its own name and its own rows.
    assert main(["run", str(tmp_path / "in"), "--out", str(out), "-q"]) == 0
    docs = documents(out)
    orgs = (docs["a/report.txt"]["org_name"], docs["b/report.txt"]["org_name"])
    assert orgs == (ORG_001, ORG_002)
    assert scores(out, "a/report.txt") == EXPECTED_SCORES["001_8921beb29c9612d0"]


# 2. Bytes that are what was hashed -------------------------------------------------------------


def test_a_file_rewritten_after_hashing_does_not_give_its_copy_another_contents_rows(
    tmp_path, monkeypatch
):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE_001, folder / "a.txt")  # a and b: the same bytes, extracted once
    shutil.copy(SAMPLE_001, folder / "b.txt")
    original = pipeline.hash_input

    def hash_then_rewrite(path):
        seen = original(path)
        if path.name == "a.txt":  # rewritten after the scan, before a worker reads it
            shutil.copy(SAMPLE_002, path)
        return seen

    monkeypatch.setattr(pipeline, "hash_input", hash_then_rewrite)
    out = tmp_path / "out"
    report = run([folder], out, RunOptions(workers=1))
    docs = documents(out)
    assert docs["a.txt"]["status"] == "failed"
    assert "changed while the run was reading it" in docs["a.txt"]["error"]
    assert docs["b.txt"]["org_name"] == ORG_001  # the untouched copy: its own content's rows
    assert scores(out, "b.txt") == EXPECTED_SCORES["001_8921beb29c9612d0"]
    assert scores(out, "a.txt") == {}
    assert [path for path, _ in report.failures] == ["a.txt"]
    monkeypatch.undo()
    run([folder], out, RunOptions(workers=1))  # the next run reads a.txt as it is now
    docs = documents(out)
    assert (docs["a.txt"]["org_name"], docs["b.txt"]["org_name"]) == (ORG_002, ORG_001)


@pytest.mark.parametrize("executor", ["local", "dask"])
def test_a_file_deleted_during_the_run_is_a_failed_row(texts, tmp_path, monkeypatch, executor):
    if executor == "dask":
        pytest.importorskip("distributed")
    original = pipeline.hash_input

    def hash_then_delete(path):
        seen = original(path)
        if path.name.startswith("002"):
            path.unlink()
        return seen

    monkeypatch.setattr(pipeline, "hash_input", hash_then_delete)
    out = tmp_path / "out"
    assert main(["run", str(texts), "--out", str(out), "-q", "--executor", executor]) == 1
    docs = documents(out)
    assert docs["002_6a4ead38d9ff2a9b.txt"]["status"] == "failed"
    assert "gone" in docs["002_6a4ead38d9ff2a9b.txt"]["error"]
    assert docs["001_8921beb29c9612d0.txt"]["overall_score"] == "91.76"


# 3. Every bad input is one failed row ---------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_read_and_reported_escaped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsencode(folder) + b"/bad\xff.txt"
    with open(name, "wb") as handle:
        handle.write(SAMPLE_001.read_bytes())
    out = tmp_path / "out"
    for _ in range(2):  # and again on the re-run, from the state store
        assert main(["run", str(folder), "--out", str(out), "-q"]) == 0
        row = documents(out)["bad\\xff.txt"]
        assert (row["status"], row["overall_score"]) == ("ok", "91.76")


def test_unreadable_files_and_folders_are_failed_rows(texts, tmp_path):
    prefix = unprivileged()
    secret = texts / "secret.txt"
    shutil.copy(SAMPLE_001, secret)
    secret.chmod(0)
    locked = texts / "locked"
    locked.mkdir()
    shutil.copy(SAMPLE_002, locked / "inside.txt")
    locked.chmod(0)
    out = tmp_path / "out"
    try:
        status, err = cli(["run", str(texts), "--out", str(out), "-q"], prefix)
    finally:
        locked.chmod(0o755)
    assert status == 1, err
    assert "Traceback" not in err
    docs = documents(out)
    assert docs["secret.txt"]["status"] == "failed"
    assert "Permission denied" in docs["secret.txt"]["error"]
    assert docs["locked/"]["error"] == "cannot list the folder: Permission denied"
    assert docs["001_8921beb29c9612d0.txt"]["overall_score"] == "91.76"


def test_fifos_and_broken_links_are_failed_rows_and_never_block(texts, tmp_path):
    os.mkfifo(texts / "pipe.txt")
    (texts / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    lone = tmp_path / "lone.pdf"
    os.mkfifo(lone)
    out = tmp_path / "out"
    status, err = cli(["run", str(texts), str(lone), "--out", str(out), "-q"], timeout=120)
    assert status == 1, err
    docs = documents(out)
    assert docs["pipe.txt"]["error"] == "not a regular file (a FIFO)"
    assert docs["lone.pdf"]["error"] == "not a regular file (a FIFO)"
    assert docs["dangling.txt"]["error"] == "a broken symbolic link"
    assert len(docs) == 8


def test_utf16_without_a_byte_order_mark_is_detected(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = SAMPLE_001.read_text(encoding="utf-8")
    (folder / "utf16.txt").write_bytes(text.encode("utf-16-le"))  # no BOM
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out), "-q"]) == 0
    assert scores(out, "utf16.txt") == EXPECTED_SCORES["001_8921beb29c9612d0"]
    findings = read_csv(out / "validation.csv")
    notes = [r["message"] for r in findings if r["code"] == "ENCODING_DETECTED"]
    assert notes == ["decoded as utf_16_le"]


def test_html_nested_100000_levels_deep_is_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    depth = 100_000
    body = "<div>" * depth + "องค์การบริหารส่วนตำบลกุดรัง อำเภอกุดรัง จังหวัดมหาสารคาม" + "</div>" * depth
    (folder / "deep.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out), "-q"]) == 0
    row = documents(out)["deep.html"]
    assert (row["status"], row["org_name"], row["province"]) == ("no_scores", ORG_001, "มหาสารคาม")


def test_a_damaged_or_foreign_state_store_is_set_aside_and_rebuilt(texts, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    before = published(out)
    store = out / ".ita-extract" / "state.sqlite"
    store.write_bytes(b"not a database " * 1000)
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    assert "set aside" in capsys.readouterr().err
    assert published(out) == before
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["extracted"] == 5 and manifest["state_store_reset"]
    store.unlink()
    with sqlite3.connect(store) as db:  # another program's database, same file name
        db.execute("CREATE TABLE inputs (path TEXT, stamp REAL)")
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    assert published(out) == before
    assert len(list(store.parent.glob("state.sqlite.corrupt-*"))) == 2


# 5. Dangerous output folders -----------------------------------------------------------------


def test_dangerous_output_folders_are_refused(texts, tmp_path, capsys):
    a_file = tmp_path / "a_file"
    a_file.write_text("x", encoding="utf-8")
    for out in (a_file, texts, tmp_path, Path("/")):
        assert main(["run", str(texts), "--out", str(out), "-q"]) == 2, out
        assert "ita-extract: error: --out" in capsys.readouterr().err
    assert not (texts / ".ita-extract").exists() and not (tmp_path / ".ita-extract").exists()
    assert not (tmp_path / "documents.csv").exists()


# Exit statuses, one line, no traceback ---------------------------------------------------------


def test_a_failed_run_is_exit_3_with_one_line_and_a_traceback_only_with_debug(
    texts, tmp_path, monkeypatch, capsys
):
    out = tmp_path / "out"
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    before = published(out)

    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(pipeline, "frames", broken)
    capsys.readouterr()
    assert main(["run", str(texts), "--out", str(out), "-q", "--force"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "internal error: ValueError: boom" in err
    assert published(out) == before
    assert main(["run", str(texts), "--out", str(out), "-q", "--debug"]) == 3
    assert "Traceback" in capsys.readouterr().err


@pytest.mark.parametrize("option", ["--doc-timeout", "--page-timeout"])
@pytest.mark.parametrize("value", ["-5", "0", "nan", "soon"])
def test_time_limits_must_be_positive(texts, tmp_path, option, value, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["run", str(texts), "--out", str(tmp_path / "out"), option, value])
    assert stop.value.code == 2
    assert option in capsys.readouterr().err


def test_a_full_disk_is_exit_3_and_keeps_the_previous_tables(texts, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    before = published(out)
    original, calls = pipeline.write_csv, []

    def fills_the_disk(df, path, bom=True):
        calls.append(path)
        if len(calls) == 3:  # two tables of the new set written, then no space
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        original(df, path, bom)

    monkeypatch.setattr(pipeline, "write_csv", fills_the_disk)
    capsys.readouterr()
    assert main(["run", str(texts), "--out", str(out), "-q", "--force"]) == 3
    err = capsys.readouterr().err
    assert "No space left on device" in err and err.count("\n") == 1
    assert published(out) == before
    generations = list((out / ".ita-extract" / "generations").iterdir())
    assert len(generations) == 1  # the unfinished one is gone


def test_a_really_full_disk(texts, small_disk, capsys):
    out = small_disk / "out"
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    before = published(out)
    for path in texts.iterdir():  # every file changed: the new tables differ
        path.write_bytes(path.read_bytes() + "\nบรรทัดใหม่\n".encode())
    filler = small_disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:  # fill the disk to the last block
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    capsys.readouterr()
    for _ in range(2):  # and again while the disk is still full (a journal may be left)
        status = main(["run", str(texts), "--out", str(out), "-q"])
        err = capsys.readouterr().err
        assert status == 3, err
        assert "Traceback" not in err and err.count("\n") == 1
        assert published(out) == before
    # a full disk is not a damaged store: the store is kept, not set aside
    assert not list((out / ".ita-extract").glob("state.sqlite.corrupt-*"))
    filler.unlink()
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    assert published(out) != before and len(documents(out)) == 5


def test_a_read_only_output_folder_is_exit_3(texts, small_disk, capsys):
    out = small_disk / "out"
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    before = published(out)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    capsys.readouterr()
    try:
        status = main(["run", str(texts), "--out", str(out), "-q", "--force"])
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    err = capsys.readouterr().err
    assert status == 3 and "Read-only file system" in err and "Traceback" not in err
    assert published(out) == before


# 4. The output committed as a whole ---------------------------------------------------------

KILLED_AT = """
import sys, time
sys.path.insert(0, {root!r})
import pipeline
from ita_extract.batch import outputs
count = 0

def checkpoint():
    global count
    count += 1
    if count == {k}:
        open({marker!r}, "w").close()
        time.sleep(600)

def after(owner, name):
    original = getattr(owner, name)
    def wrapped(*args, **kwargs):
        result = original(*args, **kwargs)
        checkpoint()
        return result
    setattr(owner, name, wrapped)

# every step of the write stage that changes the disk
for owner, name in [
    (outputs.Generation, "__init__"),
    (pipeline, "write_csv"),
    (pipeline, "write_parquet"),
    (pipeline, "datapackage"),
    (pipeline, "_write_manifest"),
    (outputs, "_adopt_plain_files"),
    (outputs, "_replace_link"),
    (outputs, "remove_stale_generations"),
]:
    after(owner, name)
sys.exit(pipeline.main(["run", {inp!r}, "--out", {out!r}, "--workers", "1", "-q",
                        "--format", {fmt!r}]))
"""


def _consistent(out: Path) -> None:
    """The manifest that a reader sees vouches for the tables it sees."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for name, digest in manifest["outputs_sha256"].items():
        assert pipeline.sha256_of((out / name).read_bytes()) == digest, name


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_kill_at_any_point_of_the_write_step_leaves_the_old_or_the_new_tables(
    texts, tmp_path, fmt
):
    """From tables in both formats to tables in one: every step of the write is a point of a
    kill, and what a reader sees after it is the old set or the new, whole."""
    out, snapshot, fresh = tmp_path / "out", tmp_path / "snapshot", tmp_path / "fresh"
    assert main(["run", str(texts), "--out", str(out), "-q", "--format", "both"]) == 0
    old = published(out)
    shutil.copytree(out, snapshot, symlinks=True)
    newer = tmp_path / "newer"
    shutil.copytree(texts, newer)
    for path in newer.iterdir():
        path.write_bytes(path.read_bytes() + "\nบรรทัดใหม่\n".encode())
    assert main(["run", str(newer), "--out", str(fresh), "-q", "--format", fmt]) == 0
    new = published(fresh)
    normal = json.loads((fresh / "manifest.json").read_text(encoding="utf-8"))
    assert new != old
    marker = tmp_path / "at_checkpoint"
    k, kills = 0, 0
    while True:
        k += 1
        shutil.rmtree(out)
        shutil.copytree(snapshot, out, symlinks=True)  # each kill starts from the old set
        marker.unlink(missing_ok=True)
        script = KILLED_AT.format(
            root=str(ROOT), k=k, marker=str(marker), inp=str(newer), out=str(out), fmt=fmt
        )
        child = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.DEVNULL)
        while child.poll() is None and not marker.exists():
            time.sleep(0.05)
        if child.poll() is not None:  # it finished: k is past the last step
            assert child.returncode == 0
            break
        child.send_signal(signal.SIGKILL)
        child.wait()
        kills += 1
        seen = published(out)
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        if seen != old:  # the killed run's generation is shown: its tables only, all of them
            listed = set(manifest["outputs_sha256"]) & set(PUBLISHED_TABLES)
            shown = {name for name, data in seen.items() if data is not None}
            assert shown == listed, f"a mix after a kill at step {k}: {sorted(shown ^ listed)}"
        _consistent(out)  # and the manifest shown vouches for every table shown
        # Not a question of atomicity: the killed run's tables are those of a normal run
        # (they differ if a document failed in one of the two runs, e.g. timed out)
        assert seen in (old, new), (
            f"after a kill at step {k}, whole tables that differ from a normal run's; "
            f"failures: {manifest['failures']}, in the normal run: {normal['failures']}"
        )
    assert kills >= 10  # every table, the manifest and the switch were a point of a kill
    assert published(out) == new
    # a normal run after a kill cleans what the killed run left; the generation before the
    # current one is kept for readers that resolved it
    assert main(["run", str(newer), "--out", str(out), "-q", "--format", fmt]) == 0
    current = os.readlink(out / ".ita-extract" / "current")
    kept = sorted(p.name for p in (out / ".ita-extract" / "generations").iterdir())
    assert len(kept) == 2 and Path(current).name == kept[-1]
    assert not [p for p in out.iterdir() if p.name.endswith((".tmp", ".link"))]


def test_tables_of_plain_files_from_an_older_version_are_taken_over(texts, tmp_path):
    out = tmp_path / "out"
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    old = published(out)
    for name in [*TABLES, "manifest.json"]:  # the layout before generations: plain files
        data = (out / name).read_bytes()
        (out / name).unlink()
        (out / name).write_bytes(data)
    (out / ".documents.csv.x1y2.tmp").write_text("half", encoding="utf-8")
    shutil.rmtree(out / ".ita-extract" / "generations")
    (out / ".ita-extract" / "current").unlink()
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    assert published(out) == old
    assert all((out / name).is_symlink() for name in TABLES)
    assert not (out / ".documents.csv.x1y2.tmp").exists()


def test_switching_the_format_removes_the_tables_of_the_old_one(texts, tmp_path):
    out = tmp_path / "out"
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    assert main(["run", str(texts), "--out", str(out), "-q", "--format", "parquet"]) == 0
    assert not os.path.lexists(out / "documents.csv")
    assert (out / "documents.parquet").exists()
    _consistent(out)


# 4. The state store keeps the last good rows -------------------------------------------------


def _hang_on_001(item, *args, **kwargs):
    if item.source_path.startswith("001"):
        time.sleep(600)
    return _ORIGINAL(item, *args, **kwargs)


_ORIGINAL = pipeline.process_file


def test_a_forced_run_that_times_out_keeps_the_last_good_rows(texts, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run([texts], out, RunOptions(workers=2))
    monkeypatch.setattr(pipeline, "process_file", _hang_on_001)  # workers are forked
    report = run([texts], out, RunOptions(workers=2, doc_timeout=2, force=True))
    name = "001_8921beb29c9612d0.txt"
    assert scores(out, name) == EXPECTED_SCORES["001_8921beb29c9612d0"]
    assert documents(out)[name]["status"] == "ok"
    stale = [r for r in read_csv(out / "validation.csv") if r["code"] == "STALE_ROWS"]
    assert [r["source_path"] for r in stale] == [name]
    assert "timed out after 2 s" in stale[0]["message"]
    assert [p for p, _ in report.failures] == [name]


def test_stale_rows_this_version_cannot_read_give_the_failure_not_a_failed_run(
    texts, tmp_path, monkeypatch
):
    out = tmp_path / "out"
    run([texts], out, RunOptions(workers=2))
    with sqlite3.connect(out / ".ita-extract" / "state.sqlite") as db:  # as another version
        db.execute("UPDATE results SET result = json_set(result, '$.document.new_column', 1)")
    db.close()
    monkeypatch.setattr(pipeline, "process_file", _hang_on_001)  # workers are forked
    report = run([texts], out, RunOptions(workers=2, doc_timeout=2, force=True))
    name = "001_8921beb29c9612d0.txt"
    assert documents(out)[name]["status"] == "failed"
    assert "timed out after 2 s" in documents(out)[name]["error"]
    assert not [r for r in read_csv(out / "validation.csv") if r["code"] == "STALE_ROWS"]
    assert [p for p, _ in report.failures] == [name]
    assert documents(out)["002_6a4ead38d9ff2a9b.txt"]["status"] == "ok"


# 7. Limits: OCR time, child processes, temporary files ------------------------------------------


def _tesseracts_under(folder: Path) -> list[int]:
    """Tesseract processes working on files in ``folder`` (found in their command lines)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ours = any(str(folder).encode() in part for part in cmdline)
        if proc.name.isdigit() and cmdline[0].endswith(b"tesseract") and ours:
            found.append(int(proc.name))
    return found


@pytest.mark.skipif(not tesseract_available(), reason="tesseract-ocr-tha not installed")
def test_a_timed_out_ocr_leaves_no_process_and_no_temporary_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SCAN_001, folder / "scan.pdf")
    out = tmp_path / "out"
    temp = out / ".ita-extract" / "tmp"
    report = run([folder], out, RunOptions(workers=1, doc_timeout=1))
    assert report.failures == [("scan.pdf", "timed out after 1 s")]
    deadline = time.monotonic() + 5
    while _tesseracts_under(temp) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _tesseracts_under(temp) == []
    assert not temp.exists()
    # The time limit per page: Tesseract is stopped, the pages are findings.
    status, err = cli(["run", str(folder), "--out", str(out), "-q", "--page-timeout", "0.2"])
    assert status == 1, err
    error = documents(out)["scan.pdf"]["error"]
    assert "page 1: Tesseract took longer than 0.2 s" in error
    assert _tesseracts_under(temp) == []


def _sleep_forever(task):
    time.sleep(600)


def test_a_dask_task_that_times_out_leaves_no_temporary_folder():
    before = set(Path(tempfile.gettempdir()).glob("ita-extract-task-*"))
    outcome = executors._isolated(_sleep_forever, Task("x.txt", "/nowhere/x.txt", "0" * 64), 1)
    assert outcome.error == "timed out after 1 s"
    assert set(Path(tempfile.gettempdir()).glob("ita-extract-task-*")) == before


def test_the_sample_pdfs_still_give_their_scores_through_the_checks(tmp_path):
    """The readers now get bytes, not paths: a PDF is read from the bytes that were hashed."""
    out = tmp_path / "out"
    assert main(["run", str(SAMPLES_PDF), "--out", str(out), "-q"]) == 0
    assert scores(out, "001_8921beb29c9612d0.pdf") == EXPECTED_SCORES["001_8921beb29c9612d0"]


# Found by an adversarial review ---------------------------------------------------------------


def test_a_failure_while_linking_keeps_the_previous_tables_readable(texts, tmp_path):
    """The output folder's own links cannot be written (OUT read-only, its state folder not):
    the new generation is not published, and the old tables still open."""
    prefix = unprivileged()
    out = tmp_path / "out"
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    before = published(out)
    out.chmod(0o555)
    try:  # Parquet asked for: new links would be needed in OUT
        status, err = cli(["run", str(texts), "--out", str(out), "-q", "--format", "both"], prefix)
    finally:
        out.chmod(0o755)
    assert status == 3 and "Permission denied" in err and "Traceback" not in err, err
    assert published(out) == before
    _consistent(out)


def test_link_loops_and_links_to_folders(tmp_path):
    folder, elsewhere = tmp_path / "in", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    shutil.copy(SAMPLE_001, folder / "001.txt")
    shutil.copy(SAMPLE_002, elsewhere / "002.txt")
    (folder / "a.txt").symlink_to("b.txt")  # a loop of two links
    (folder / "b.txt").symlink_to("a.txt")
    (folder / "linked").symlink_to(elsewhere)  # a folder elsewhere: read
    (folder / "again").symlink_to(".")  # back to the folder itself: its files are read already
    lone = tmp_path / "lone"
    lone.symlink_to("lone")  # an INPUT that is a loop
    out = tmp_path / "out"
    assert main(["run", str(folder), str(lone), "--out", str(out), "-q"]) == 1
    docs = documents(out)
    assert set(docs) == {"001.txt", "a.txt", "b.txt", "linked/002.txt", "lone"}
    assert docs["a.txt"]["error"] == "cannot read the file: Too many levels of symbolic links"
    assert docs["lone"]["status"] == "failed"
    assert docs["linked/002.txt"]["org_name"] == ORG_002


def test_names_with_line_breaks_and_backslashes_keep_the_tables_whole(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE_001, folder / "a\rb.txt")  # a carriage return in a name
    shutil.copy(SAMPLE_002, folder / "c\nd.txt")
    raw = os.fsencode(folder) + b"/r\xff.txt"  # undecodable, and the same name spelt out
    with open(raw, "wb") as handle:
        handle.write(SAMPLE_001.read_bytes())
    shutil.copy(SAMPLE_002, folder / "r\\xff.txt")
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out), "-q"]) == 0
    docs = documents(out)
    assert set(docs) == {"a\rb.txt", "c\nd.txt", "r\\xff.txt", "r\\\\xff.txt"}
    assert (docs["r\\xff.txt"]["org_name"], docs["r\\\\xff.txt"]["org_name"]) == (ORG_001, ORG_002)
    import ita_extract

    tables = ita_extract.read_tables(out)
    assert len(tables["documents"]) == 4 and len(tables["indicator_scores"]) == 40
    frictionless = pytest.importorskip("frictionless")
    assert frictionless.validate(out / "datapackage.json").valid


def test_more_unsafe_output_folders(texts, tmp_path, capsys):
    holds_a_file = tmp_path / "a"
    holds_a_file.mkdir()
    (holds_a_file / ".ita-extract").write_text("x", encoding="utf-8")
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    for out in (holds_a_file, dangling):
        assert main(["run", str(texts), "--out", str(out), "-q"]) == 2
        assert "ita-extract: error: --out" in capsys.readouterr().err


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_and_sigterm_end_the_run_with_one_line_and_clean_up(texts, tmp_path, signum):
    out = tmp_path / "out"
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    before = published(out)
    script = slow_run_script(ROOT, texts, out, "--force")
    child = subprocess.Popen(
        [sys.executable, "-c", script], stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while not (out / ".ita-extract" / "tmp").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.5)  # into the extraction
    child.send_signal(signum)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 128 + signum, err
    assert err.count("\n") == 1 and "interrupted" in err and "Traceback" not in err
    assert published(out) == before
    assert not (out / ".ita-extract" / "tmp").exists()


def test_read_tables_reads_one_run_while_another_publishes(texts, tmp_path, monkeypatch):
    import ita_extract.api

    out = tmp_path / "out"
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(SAMPLE_002, other / "only.txt")
    original, calls = ita_extract.api.pd.read_csv, []

    def read_then_publish(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:  # a run publishes other tables while the first one is read
            assert main(["run", str(other), "--out", str(out), "-q", "--force"]) == 0
        return original(*args, **kwargs)

    monkeypatch.setattr(ita_extract.api.pd, "read_csv", read_then_publish)
    tables = ita_extract.read_tables(out, format="csv")
    assert len(tables["documents"]) == 5  # all from the first run
    assert set(tables["indicator_scores"]["doc_id"]) <= set(tables["documents"]["doc_id"])
    assert len(documents(out)) == 1  # what the folder shows now: the second run


def test_a_store_with_damaged_rows_or_columns_recovers(texts, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    before = published(out)
    store = out / ".ita-extract" / "state.sqlite"
    with sqlite3.connect(store) as db:  # rows that are not results: extracted again
        db.execute("UPDATE results SET result = '{' WHERE rowid = 1")
        db.execute("UPDATE results SET result = '{}' WHERE rowid = 2")
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    assert json.loads((out / "manifest.json").read_text())["counts"]["extracted"] == 2
    assert published(out) == before
    with sqlite3.connect(store) as db:  # a wrong hash of an unchanged file
        db.execute("UPDATE inputs SET sha256 = ? WHERE rowid = 1", ("0" * 64,))
    main(["run", str(texts), "--out", str(out), "-q"])
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0  # hashed again: well
    assert published(out) == before
    store.unlink()
    with sqlite3.connect(store) as db:  # our tables' names, other columns, our version
        db.execute("CREATE TABLE inputs (path TEXT)")
        db.execute("CREATE TABLE results (sha TEXT)")
        db.execute("PRAGMA user_version = 2")
    capsys.readouterr()
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    assert "set aside" in capsys.readouterr().err
    assert published(out) == before


def test_a_copy_that_followed_the_links_is_taken_over(texts, tmp_path):
    out, copy = tmp_path / "out", tmp_path / "copy"
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    before = published(out)
    subprocess.run(["cp", "-rL", str(out), str(copy)], check=True)
    assert not (copy / "documents.csv").is_symlink()
    assert main(["run", str(texts), "--out", str(copy), "-q"]) == 0
    assert published(copy) == before
    assert (copy / "documents.csv").is_symlink()


def test_a_page_skipped_for_time_does_not_replace_complete_rows(texts, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run([texts], out, RunOptions(workers=1))
    name = "001_8921beb29c9612d0.txt"

    def partial(item, *args, **kwargs):  # as when a page's OCR ran out: fewer rows, not stored
        result = _ORIGINAL(item, *args, **kwargs)
        if item.source_path == name:
            result.indicators = result.indicators[:3]
            result.retry = True
        return result

    monkeypatch.setattr(pipeline, "process_file", partial)
    run([texts], out, RunOptions(workers=1, force=True))
    assert scores(out, name) == EXPECTED_SCORES["001_8921beb29c9612d0"]
    stale = [r for r in read_csv(out / "validation.csv") if r["code"] == "STALE_ROWS"]
    assert [r["source_path"] for r in stale] == [name]


def test_a_file_unreadable_for_a_run_keeps_its_stored_rows_for_the_next(texts, tmp_path):
    prefix = unprivileged()
    out = tmp_path / "out"
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    target = texts / "001_8921beb29c9612d0.txt"
    os.utime(target, ns=(time.time_ns(), time.time_ns()))  # touched: it must be hashed again
    target.chmod(0)
    try:
        status, _ = cli(["run", str(texts), "--out", str(out), "-q"], prefix)
    finally:
        target.chmod(0o644)
    assert status == 1
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["extracted"] == 0  # its rows were kept in the store


def test_a_page_with_an_image_over_the_limit_is_not_rendered(tmp_path):
    """A scan whose image would take gigabytes to decode: the page is skipped, with a
    finding, before pdfium decodes it."""
    import io

    import pypdfium2 as pdfium
    from PIL import Image

    if not tesseract_available():
        pytest.skip("tesseract-ocr-tha not installed")
    buffer = io.BytesIO()
    Image.new("L", (11000, 10000), 255).save(buffer, format="JPEG")  # 110 megapixels
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    image = pdfium.PdfImage.new(pdf)
    image.load_jpeg(buffer)
    image.set_matrix(pdfium.PdfMatrix().scale(595, 842))
    page.insert_obj(image)
    page.gen_content()
    folder = tmp_path / "in"
    folder.mkdir()
    pdf.save(folder / "huge_scan.pdf")
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out), "-q"]) == 1
    error = documents(out)["huge_scan.pdf"]["error"]
    assert "page 1: an image of 110 megapixels (limit 100)" in error


def test_a_page_of_millions_of_elements_is_a_failed_row_not_gigabytes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bomb.html").write_text("<div>" * 3_000_000, encoding="utf-8")
    (folder / "bomb.txt").write_text("<b><i>" * 500_000, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out), "-q"]) == 1
    docs = documents(out)
    assert docs["bomb.html"]["error"].startswith("too much markup to read: 3,000,000")
    assert docs["bomb.txt"]["error"].startswith("too much markup to read: 1,000,000")


def test_a_line_of_unclosed_angle_brackets_is_read_in_linear_time(tmp_path):
    """A scraped line of 200,000 "< a" (no ">"): the check for HTML scanned the rest of the
    line from every "<" (about 150 s); now it is read well within a generous time limit."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "angles.txt").write_text(
        SAMPLE_001.read_text(encoding="utf-8") + "\n" + "< a" * 200_000 + "\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    run([folder], out, RunOptions(workers=1, doc_timeout=60))
    assert documents(out)["angles.txt"]["overall_score"] == "91.76"


def test_read_tables_chooses_the_format_in_the_generation_it_reads(texts, tmp_path):
    """OUT may show a Parquet table for a moment while the generation read holds CSV only
    (a run switching formats publishes between the two looks): the format is chosen in the
    generation itself."""
    import ita_extract

    out = tmp_path / "out"
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0  # CSV only
    elsewhere = tmp_path / "elsewhere.parquet"
    elsewhere.write_bytes(b"not the generation's")
    (out / "documents.parquet").symlink_to(elsewhere)
    tables = ita_extract.read_tables(out)
    assert len(tables["documents"]) == 5


def test_a_file_rewritten_to_the_same_size_with_its_time_set_back_is_hashed_again(texts, tmp_path):
    """Size and mtime alone would take the rewritten file for the old one (and give it the
    old content's rows); its status-change time tells."""
    out = tmp_path / "out"
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    target = texts / "001_8921beb29c9612d0.txt"
    before = target.stat()
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("๙๑.๗๖", "๙๑.๗๗"), encoding="utf-8")  # same length
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (target.stat().st_size, target.stat().st_mtime_ns) == (
        before.st_size,
        before.st_mtime_ns,
    )
    assert main(["run", str(texts), "--out", str(out), "-q"]) in (0, 1)
    assert documents(out)["001_8921beb29c9612d0.txt"]["overall_score"] == "91.77"


def test_stored_rows_damaged_inside_are_extracted_again(texts, tmp_path, capsys):
    """Rows of the right outer shape but with values the tables cannot take (a count that is
    text, a row without its key): the store is a cache, so they are extracted again."""
    out = tmp_path / "out"
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    before = published(out)
    with sqlite3.connect(out / ".ita-extract" / "state.sqlite") as db:
        db.execute("UPDATE results SET result = json_set(result, '$.document.n_pages', 'abc')")
    capsys.readouterr()
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    assert "extracting the 5 stored documents again" in capsys.readouterr().err
    assert published(out) == before
    with sqlite3.connect(out / ".ita-extract" / "state.sqlite") as db:
        db.execute("UPDATE results SET result = json_set(result, '$.indicators', json('[1]'))")
    assert main(["run", str(texts), "--out", str(out), "-q"]) == 0
    assert published(out) == before
