"""Reading CodeNet in every layout it is found in, and counting every bad input."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from collections import Counter
from pathlib import Path

import pytest

from cdpo_core.codenet import (
    EXPECTED_LAYOUTS,
    REASON_BAD_LINE,
    REASON_BAD_ROW,
    REASON_DUPLICATE_ID,
    REASON_EMPTY,
    REASON_FILE_WITHOUT_ROW,
    REASON_NO_PROBLEM_ID,
    REASON_NOT_UTF8,
    REASON_PAST_DAMAGE,
    REASON_ROW_WITHOUT_FILE,
    REASON_TOO_LARGE,
    REASON_TRUNCATED,
    REASON_UNREADABLE,
    DataSourceError,
    IngestReport,
    check_source,
    detect_layout,
    read_problem_list,
    read_submissions,
)

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
MAX_BYTES = 2000
HEADER = (
    "submission_id,problem_id,user_id,date,language,original_language,filename_ext,status,"
    "cpu_time,memory,code_size,accuracy"
)


def program(tag: str) -> str:
    return f'#include <cstdio>\nint main() {{ std::puts("{tag}"); return 0; }}\n'


def _row(sid: str, pid: str, language: str = "C++", status: str = "Accepted") -> str:
    ext = {"C++": "cpp", "Python": "py"}.get(language, "txt")
    return f"{sid},{pid},u1,1500000000,{language},{language}14,{ext},{status},10,1000,100,1/1"


def make_codenet(parent: Path) -> Path:
    """A small full-layout dataset with one example of every bad input the reader counts.

    Good (kept): p00001/s001..s003 and p00002/s101..s102, all C++ Accepted.
    """
    root = parent / "Project_CodeNet"
    data, meta, desc = root / "data", root / "metadata", root / "problem_descriptions"
    for d in (data / "p00001" / "C++", data / "p00001" / "Python", data / "p00002" / "C++"):
        d.mkdir(parents=True)
    meta.mkdir()
    desc.mkdir()
    p1 = data / "p00001" / "C++"
    rows1 = [HEADER]
    for sid in ("s001", "s002", "s003"):
        (p1 / f"{sid}.cpp").write_text(program(sid))
        rows1.append(_row(sid, "p00001"))
    rows1.append(_row("s004", "p00001", status="Wrong Answer"))  # filtered: not Accepted
    (p1 / "s004.cpp").write_text(program("wrong"))
    rows1.append(_row("s005", "p00001", language="Python"))  # filtered: not C++
    (data / "p00001" / "Python" / "s005.py").write_text("print(1)\n")
    rows1.append(_row("s006", "p00001"))  # metadata row without file
    (p1 / "s007.cpp").write_text(program("orphan"))  # file without metadata row
    rows1.append(_row("s001", "p00001"))  # duplicate submission id
    rows1.append("s008,p00001,u1")  # malformed: too few columns
    rows1.append(_row("s009", "p00001") + ",extra")  # malformed: too many columns
    rows1.append(_row("s010", "p00001"))
    (p1 / "s010.cpp").write_bytes(b"int main() { return '\xff'; }\n")  # not UTF-8
    rows1.append(_row("s011", "p00001"))
    (p1 / "s011.cpp").write_text("  \n")  # empty
    rows1.append(_row("s012", "p00001"))
    (p1 / "s012.cpp").write_text("// " + "x" * MAX_BYTES + "\nint main() {}\n")  # too large
    rows1.append(_row("s013", "p00001"))
    (p1 / "s013.cpp").symlink_to(p1 / "nowhere.cpp")  # unreadable: a dangling link
    (meta / "p00001.csv").write_text("\n".join(rows1) + "\n")

    p2 = data / "p00002" / "C++"
    rows2 = [HEADER]
    for sid in ("s101", "s102"):
        (p2 / f"{sid}.cpp").write_text(program(sid))
        rows2.append(_row(sid, "p00002"))
    (meta / "p00002.csv").write_text("\n".join(rows2) + "\n")
    (meta / "problem_list.csv").write_text(
        "id,name,dataset,time_limit,memory_limit,rating,tags,complexity\n"
        "p00001,Hello World,AIZU,1000,131072,,,\n"
        "p00002,Sum,AtCoder,2000,262144,,,\n"
    )
    (desc / "p00001.html").write_text(
        "<h1>Hello World</h1><p>Print <b>hello</b> &amp; exit.</p><script>x()</script>"
    )
    return root


FULL_EXPECTED_SKIPS = Counter(
    {
        "not Accepted": 1,
        "not C++": 1,
        REASON_ROW_WITHOUT_FILE: 1,
        REASON_FILE_WITHOUT_ROW: 1,
        REASON_DUPLICATE_ID: 1,
        REASON_BAD_ROW: 2,
        REASON_NOT_UTF8: 1,
        REASON_EMPTY: 1,
        REASON_TOO_LARGE: 1,
        REASON_UNREADABLE: 1,
    }
)
FULL_KEPT = {("p00001", "s001"), ("p00001", "s002"), ("p00001", "s003")} | {
    ("p00002", "s101"),
    ("p00002", "s102"),
}


def make_benchmark(parent: Path) -> Path:
    """A benchmark folder: p00001 with 3 good files, p00002 with 2 good and 3 bad ones."""
    root = parent / "Project_CodeNet_C++1000"
    (root / "p00001").mkdir(parents=True)
    (root / "p00002").mkdir()
    for sid in ("s001", "s002", "s003"):
        (root / "p00001" / f"{sid}.cpp").write_text(program(sid))
    for sid in ("s101", "s102"):
        (root / "p00002" / f"{sid}.cpp").write_text(program(sid))
    (root / "p00002" / "s101.cc").write_text(program("again"))  # duplicate id
    (root / "p00002" / "s103.cpp").write_text("")  # empty
    (root / "p00002" / "s104.cpp").write_bytes(b"\xfe\xfe int main(){}")  # not UTF-8
    (root / "README.md").write_text("not a problem folder\n")
    return root


def read_all(path: Path, **kwargs: object) -> tuple[list, IngestReport]:
    report = IngestReport()
    subs = list(read_submissions(path, report, max_bytes=MAX_BYTES, **kwargs))
    assert report.read == report.kept + sum(report.skipped.values())
    assert report.kept == len(subs)
    return subs, report


def make_tar(folder: Path, out: Path, *, metadata_last: bool = False) -> Path:
    """Pack a folder as the researcher downloaded it; optionally with metadata after data."""
    members = sorted(p for p in folder.rglob("*"))
    if metadata_last:
        members.sort(key=lambda p: "metadata" in p.parts)
    with tarfile.open(out, "w:gz") as tar:
        for member in members:
            tar.add(member, arcname=str(member.relative_to(folder.parent)), recursive=False)
    return out


# ------------------------------------------------------------------------------ layouts


def test_full_layout_reads_good_and_counts_every_bad_input(tmp_path: Path) -> None:
    root = make_codenet(tmp_path)
    subs, report = read_all(root)
    assert report.layout == "codenet"
    assert {(s.problem_id, s.submission_id) for s in subs} == FULL_KEPT
    assert report.skipped == FULL_EXPECTED_SKIPS
    assert report.examples[REASON_ROW_WITHOUT_FILE] == ["p00001/s006"]
    assert report.examples[REASON_FILE_WITHOUT_ROW][0].endswith("s007.cpp")
    assert all(s.language == "C++" and s.status == "Accepted" for s in subs)
    s001 = next(s for s in subs if s.submission_id == "s001")
    assert s001.code == program("s001")
    assert s001.source.endswith("p00001/C++/s001.cpp")
    text = "\n".join(report.lines())
    assert "skipped 2 records: malformed metadata row" in text and "codenet: read" in text
    assert "skipped 1 record: metadata row without file" in text


def make_small_codenet(parent: Path, header: str, *, bom: bool = False) -> Path:
    """p00001 (3 C++ programs) with the given metadata header; p00002 (2) with the full one."""
    root = parent / "Project_CodeNet"
    columns = header.split(",")
    for pid, sids in (("p00001", ("s001", "s002", "s003")), ("p00002", ("s101", "s102"))):
        (root / "data" / pid / "C++").mkdir(parents=True)
        (root / "metadata").mkdir(exist_ok=True)
        rows = [header if pid == "p00001" else HEADER]
        for sid in sids:
            (root / "data" / pid / "C++" / f"{sid}.cpp").write_text(program(sid))
            full = dict(zip(HEADER.split(","), _row(sid, pid).split(","), strict=True))
            rows.append(",".join(full[c] for c in (columns if pid == "p00001" else full)))
        text = "\n".join(rows) + "\n"
        # A spreadsheet's "CSV UTF-8" starts the file with a byte-order mark.
        data = text.encode("utf-8-sig" if bom and pid == "p00001" else "utf-8")
        (root / "metadata" / f"{pid}.csv").write_bytes(data)
    return root


def test_metadata_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    root = make_small_codenet(tmp_path, HEADER, bom=True)
    assert (root / "metadata" / "p00001.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    for path in (root, make_tar(root, tmp_path / "bom.tgz")):
        subs, report = read_all(path)
        assert sorted(s.submission_id for s in subs) == ["s001", "s002", "s003", "s101", "s102"]
        assert report.skipped == Counter(), report.lines()


def test_metadata_without_a_column_names_the_file_and_the_column_once(tmp_path: Path) -> None:
    header = HEADER.replace(",status", "")
    root = make_small_codenet(tmp_path, header)
    for path, name in (
        (root, "metadata/p00001.csv"),
        (
            make_tar(root, tmp_path / "nostatus.tgz"),
            "nostatus.tgz:Project_CodeNet/metadata/p00001.csv",
        ),
    ):
        subs, report = read_all(path)
        assert sorted(s.submission_id for s in subs) == ["s101", "s102"]
        # One reason for the file, counting its three rows; their files are not counted again.
        assert report.skipped == Counter({f"{name} has no 'status' column": 3}), report.lines()
        text = "\n".join(report.lines())
        assert text.count("'status'") == 1 and REASON_BAD_ROW not in text
    two = make_small_codenet(tmp_path / "two", "submission_id,problem_id,user_id")
    _, report = read_all(two)
    assert list(report.skipped) == ["metadata/p00001.csv has no 'language', 'status' columns"]


def test_full_layout_from_its_parent_and_with_filters_off(tmp_path: Path) -> None:
    make_codenet(tmp_path)
    assert detect_layout(tmp_path) == "codenet"
    subs, report = read_all(tmp_path, languages=None, statuses=None)
    ids = {s.submission_id for s in subs}
    assert {"s004", "s005"} <= ids  # Wrong Answer and Python now kept
    assert "not C++" not in report.skipped and "not Accepted" not in report.skipped


def test_benchmark_layout(tmp_path: Path) -> None:
    root = make_benchmark(tmp_path)
    for path in (root, tmp_path):
        subs, report = read_all(path)
        assert report.layout == "benchmark"
        assert sorted(s.submission_id for s in subs) == ["s001", "s002", "s003", "s101", "s102"]
        assert report.skipped == Counter(
            {REASON_DUPLICATE_ID: 1, REASON_EMPTY: 1, REASON_NOT_UTF8: 1}
        )
        assert all(s.language == "C++" and s.status == "Accepted" for s in subs)


def test_full_layout_tar_matches_the_folder_whatever_the_member_order(tmp_path: Path) -> None:
    root = make_codenet(tmp_path / "src")
    folder_subs, folder_report = read_all(root)
    for metadata_last in (False, True):
        archive = make_tar(
            root, tmp_path / f"codenet{metadata_last}.tar.gz", metadata_last=metadata_last
        )
        assert detect_layout(archive) == "codenet-tar"
        subs, report = read_all(archive)
        assert report.layout == "codenet-tar"
        assert sorted((s.problem_id, s.submission_id, s.code) for s in subs) == sorted(
            (s.problem_id, s.submission_id, s.code) for s in folder_subs
        )
        # The dangling link becomes a symlink member: unreadable in both.
        assert report.skipped == folder_report.skipped
        assert subs[0].source.startswith(archive.name + ":")


def test_benchmark_tar_and_plain_tar(tmp_path: Path) -> None:
    root = make_benchmark(tmp_path / "src")
    archive = make_tar(root, tmp_path / "bench.tgz")
    subs, report = read_all(archive)
    assert report.layout == "benchmark-tar"
    assert sorted(s.submission_id for s in subs) == ["s001", "s002", "s003", "s101", "s102"]
    assert report.skipped == Counter({REASON_DUPLICATE_ID: 1, REASON_EMPTY: 1, REASON_NOT_UTF8: 1})
    plain = tmp_path / "bench.tar"
    with tarfile.open(plain, "w") as tar:
        tar.add(root, arcname=root.name)
    assert [s.submission_id for s in read_all(plain)[0]] == [s.submission_id for s in subs]


def _big_benchmark(parent: Path, n: int = 40) -> Path:
    import random

    rng = random.Random(1)
    root = parent / "Project_CodeNet_C++1000" / "p00001"
    root.mkdir(parents=True)
    for i in range(n):
        # Random text so that gzip cannot squeeze the archive below a useful cut point.
        noise = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(800))
        (root / f"s{i:03d}.cpp").write_text(f"// {noise}\nint main() {{ return {i}; }}\n")
    return root.parent


@pytest.mark.parametrize("fraction", [0.3, 0.7])
def test_truncated_benchmark_archive_keeps_what_was_read(tmp_path: Path, fraction: float) -> None:
    archive = make_tar(_big_benchmark(tmp_path / "src"), tmp_path / "whole.tar.gz")
    cut = tmp_path / "cut.tar.gz"
    data = archive.read_bytes()
    cut.write_bytes(data[: int(len(data) * fraction)])
    subs, report = read_all(cut)
    assert report.skipped[REASON_TRUNCATED] == 1
    assert 0 < len(subs) < 40
    assert [s.submission_id for s in subs] == [f"s{i:03d}" for i in range(len(subs))]
    assert "truncated archive" in "\n".join(report.lines())


def test_truncated_plain_tar_at_a_member_boundary_is_noticed(tmp_path: Path) -> None:
    root = _big_benchmark(tmp_path / "src", n=4)
    plain = tmp_path / "b.tar"
    with tarfile.open(plain, "w") as tar:
        tar.add(root, arcname=root.name)
    data = plain.read_bytes()
    # Header blocks sit at offsets where the next 512 bytes hold the member name.
    boundary = data.index(b"p00001/s002.cpp") // 512 * 512
    cut = tmp_path / "cut.tar"
    cut.write_bytes(data[:boundary])
    subs, report = read_all(cut)
    assert [s.submission_id for s in subs] == ["s000", "s001"]
    assert report.skipped[REASON_TRUNCATED] == 1


def _plain_tar(root: Path, out: Path, *, metadata_first: bool) -> bytes:
    """An uncompressed archive, so that a cut lands exactly where a test wants it."""
    members = sorted(root.rglob("*"), key=lambda p: ("metadata" not in p.parts, str(p)))
    if not metadata_first:
        members.sort(key=str)  # "data" sorts before "metadata"
    with tarfile.open(out, "w") as tar:
        for member in members:
            tar.add(member, arcname=str(member.relative_to(root.parent)), recursive=False)
    return out.read_bytes()


def test_truncated_full_layout_archive_keeps_data_before_the_damage(tmp_path: Path) -> None:
    root = make_codenet(tmp_path / "src")
    cut = tmp_path / "cut.tar"
    target = b"Project_CodeNet/data/p00002/C++/s102.cpp"

    data = _plain_tar(root, tmp_path / "meta_first.tar", metadata_first=True)
    cut.write_bytes(data[: data.index(target) + 530])  # 18 bytes into the last program
    subs, report = read_all(cut)
    assert {s.submission_id for s in subs} == {"s001", "s002", "s003", "s101"}
    assert report.skipped[REASON_TRUNCATED] == 1  # two passes, one damage
    assert report.skipped[REASON_FILE_WITHOUT_ROW] == 1  # its problem's metadata was whole
    # The member it broke in, and a row whose file was not met (it may lie past the damage,
    # so it is not called missing), are both counted.
    assert report.skipped[REASON_PAST_DAMAGE] == 2
    assert "s102.cpp" in report.examples[REASON_PAST_DAMAGE][0]
    assert report.examples[REASON_PAST_DAMAGE][1] == "p00001/s006"
    assert REASON_ROW_WITHOUT_FILE not in report.skipped

    data = _plain_tar(root, tmp_path / "data_first.tar", metadata_first=False)
    cut.write_bytes(data[: data.index(target) + 530])
    subs, report = read_all(cut)
    # The damage came before any metadata: nothing can be matched, and nothing is dropped
    # silently: every file met is counted as unmatched in a truncated archive.
    assert subs == []
    assert report.skipped[REASON_TRUNCATED] == 1
    assert report.skipped[REASON_PAST_DAMAGE] >= 5


# ------------------------------------------------------------------------------ JSON Lines


def test_jsonl_counts_each_bad_line(tmp_path: Path) -> None:
    good = {"problem_id": "p1", "submission_id": "a", "code": program("a")}
    lines = [
        json.dumps(good).encode(),
        json.dumps(
            {
                "problem_id": "p1",
                "submission_id": "b",
                "code": program("b"),
                "status": "Accepted",
                "language": "C++",
            }
        ).encode(),
        json.dumps(good).encode(),  # duplicate id
        json.dumps({"submission_id": "c", "code": program("c")}).encode(),  # no problem_id
        b"{not json",  # malformed
        b"[1, 2]",  # malformed: not an object
        json.dumps({"problem_id": "p1", "submission_id": "d"}).encode(),  # malformed: no code
        json.dumps({**good, "submission_id": "e", "status": "Wrong Answer"}).encode(),
        json.dumps({**good, "submission_id": "f", "language": "Python"}).encode(),
        json.dumps({**good, "submission_id": "g", "code": "\n\n"}).encode(),  # empty
        json.dumps({**good, "submission_id": "h", "code": "x" * (MAX_BYTES + 1)}).encode(),
        b'{"problem_id": "p1", "submission_id": "i", "code": "\xff"}',  # not UTF-8
        b"",  # blank lines are not records
    ]
    path = tmp_path / "subs.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    subs, report = read_all(path)
    assert report.layout == "jsonl"
    assert [s.submission_id for s in subs] == ["a", "b"]
    assert subs[0].language == "C++" and subs[0].status == "Accepted"  # the defaults
    assert report.skipped == Counter(
        {
            REASON_DUPLICATE_ID: 1,
            REASON_NO_PROBLEM_ID: 1,
            REASON_BAD_LINE: 3,
            "not Accepted": 1,
            "not C++": 1,
            REASON_EMPTY: 1,
            REASON_TOO_LARGE: 1,
            REASON_NOT_UTF8: 1,
        }
    )
    assert report.examples[REASON_BAD_LINE] == ["subs.jsonl:5", "subs.jsonl:6", "subs.jsonl:7"]


def test_truncated_jsonl_gz_keeps_the_lines_before_the_damage(tmp_path: Path) -> None:
    import random

    rng = random.Random(0)
    records = [
        {
            "problem_id": "p1",
            "submission_id": f"s{i}",
            "code": "// " + "".join(rng.choice("abcdef") for _ in range(500)),
        }
        for i in range(50)
    ]
    whole = tmp_path / "whole.jsonl.gz"
    with gzip.open(whole, "wt") as out:
        out.writelines(json.dumps(r) + "\n" for r in records)
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    subs, report = read_all(cut)
    assert report.skipped[REASON_TRUNCATED] == 1
    assert 0 < len(subs) < 50
    assert all(s.code == records[i]["code"] for i, s in enumerate(subs))


def test_shared_unlabelled_file_is_read_and_every_line_counted() -> None:
    path = SHARED_DATA / "codenet_cpp_unlabelled.jsonl.gz"
    if not path.exists():
        pytest.skip(f"{path} is absent (it lives outside the repository)")
    subs, report = read_all(path)
    assert subs == []
    assert report.read == 1600
    assert report.skipped == Counter({REASON_NO_PROBLEM_ID: 1600})
    assert report.examples[REASON_NO_PROBLEM_ID][0].startswith(
        "codenet_cpp_unlabelled.jsonl.gz:1 (s"
    )


# ------------------------------------------------------------------------------ errors


def test_wrong_paths_say_what_was_expected_and_what_was_found(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"this is not gzip")
    unrelated = tmp_path / "unrelated.tar.gz"
    with tarfile.open(unrelated, "w:gz") as tar:
        info = tarfile.TarInfo("docs/readme.txt")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"hello"))
    other = tmp_path / "other"
    (other / "src").mkdir(parents=True)
    (other / "main.py").write_text("")
    cases = {
        empty: "empty folder",
        notes: "is a .txt file (5 bytes)",
        tmp_path / "missing": "does not exist",
        junk: "could not be read as a tar archive",
        unrelated: "docs/readme.txt",
        other: "main.py, src/",
    }
    for path, found in cases.items():
        for check in (detect_layout, check_source):
            with pytest.raises(DataSourceError) as info:
                check(path)
            assert found in info.value.message, info.value.message
            assert info.value.hint == EXPECTED_LAYOUTS
            assert "\n" not in info.value.one_line()  # the CLI's error stays one line
        with pytest.raises(DataSourceError):
            read_submissions(path, IngestReport())  # at the call, not at the first item
    assert "Project_CodeNet folder" in EXPECTED_LAYOUTS and ".jsonl" in EXPECTED_LAYOUTS


BAD_SOURCES = ("empty", "csv", "text", "dev-null", "hollow", "jsonl", "jsonl-gz")


def bad_sources(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Paths `cdpo init --codenet` must refuse, each with what its error must say was found."""
    (tmp_path / "empty").mkdir(parents=True)
    (tmp_path / "p00001.csv").write_text(HEADER + "\n" + _row("s001", "p00001") + "\n")
    (tmp_path / "notes.txt").write_text("hello")
    hollow = tmp_path / "hollow" / "Project_CodeNet"
    (hollow / "data").mkdir(parents=True)
    (hollow / "metadata").mkdir()
    (hollow / "metadata" / "problem_list.csv").write_text("id,name\n")
    (tmp_path / "nothing.jsonl").write_text("\n\n")
    with gzip.open(tmp_path / "nothing.jsonl.gz", "wb"):
        pass
    cases = {
        "empty": (tmp_path / "empty", "is an empty folder"),
        "csv": (tmp_path / "p00001.csv", "is a .csv file"),
        "text": (tmp_path / "notes.txt", "is a .txt file"),
        "dev-null": (Path("/dev/null"), "is neither a file nor a folder"),
        "hollow": (hollow, "has data/ and metadata/ but no problem in either"),
        "jsonl": (tmp_path / "nothing.jsonl", "is a JSON Lines file with no lines"),
        "jsonl-gz": (tmp_path / "nothing.jsonl.gz", "is a JSON Lines file with no lines"),
    }
    assert tuple(cases) == BAD_SOURCES
    return cases


def test_check_source_refuses_what_holds_no_programs(tmp_path: Path) -> None:
    for path, found in bad_sources(tmp_path).values():
        with pytest.raises(DataSourceError) as info:
            check_source(path)
        assert found in info.value.message, info.value.message
        assert str(path) in info.value.message
        assert info.value.hint == EXPECTED_LAYOUTS


def test_check_source_names_every_good_layout(tmp_path: Path) -> None:
    root = make_codenet(tmp_path / "full")
    jsonl = tmp_path / "subs.jsonl"
    jsonl.write_text(json.dumps({"problem_id": "p1", "submission_id": "a", "code": "x"}) + "\n")
    assert check_source(root) == "codenet"
    assert check_source(root.parent) == "codenet"
    assert check_source(make_tar(root, tmp_path / "full.tgz")) == "codenet-tar"
    assert check_source(make_benchmark(tmp_path / "bench")) == "benchmark"
    assert check_source(jsonl) == "jsonl"


@pytest.mark.parametrize("case", BAD_SOURCES)
def test_init_refuses_a_bad_codenet_path_in_one_line_and_creates_nothing(
    case: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from cdpo_core.cli import main

    path, found = bad_sources(tmp_path / "data")[case]
    sessions = tmp_path / "sessions"
    monkeypatch.setenv("COLUMNS", "1000")  # Rich would wrap a long line at 80 columns
    assert main(["--sessions", str(sessions), "init", "x", "--codenet", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("error:") and found in err and "Traceback" not in err
    assert EXPECTED_LAYOUTS in err
    assert not (sessions / "x").exists()


# ------------------------------------------------------------------------------ problems


def test_problem_list_from_folder_and_archive(tmp_path: Path) -> None:
    root = make_codenet(tmp_path / "src")
    archive = make_tar(root, tmp_path / "codenet.tgz")
    for path in (root, archive):
        problems = read_problem_list(path)
        assert sorted(problems) == ["p00001", "p00002"]
        assert problems["p00002"].name == "Sum" and problems["p00002"].time_limit == "2000"
    bench = make_benchmark(tmp_path / "bench")
    assert read_problem_list(bench) == {}
