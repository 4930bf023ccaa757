"""Read Project CodeNet submissions from the layouts researchers actually have.

Nobody should have to reshape a 8 GB dataset to try a method, so this module reads, in place:

* ``codenet``: the full dataset, ``Project_CodeNet/data/<problem>/<Language>/<submission>.<ext>``
  with ``metadata/<problem>.csv`` (one row per submission: language, status, ...), given as the
  ``Project_CodeNet`` folder or its parent;
* ``benchmark``: a benchmark archive such as ``Project_CodeNet_C++1000/<problem>/<submission>.cpp``
  (accepted submissions only, no metadata);
* ``codenet-tar`` / ``benchmark-tar``: either of those as a ``.tar.gz``/``.tgz``/``.tar``, streamed
  (never unpacked, never held in memory);
* ``jsonl``: a JSON Lines file (``.jsonl`` or ``.jsonl.gz``) of ``problem_id``, ``submission_id``,
  ``code`` and optionally ``status`` and ``language``.

Real dumps are messy, and a run that stops at the first odd file teaches nothing; so every input
that is not read is counted in an `IngestReport` under a reason (with a few examples), and
``report.read == report.kept + sum(report.skipped.values())`` always holds.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import tarfile
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath

from cdpo_core.errors import CdpoError

LAYOUTS = ("codenet", "benchmark", "codenet-tar", "benchmark-tar", "jsonl")

DEFAULT_MAX_BYTES = 1_000_000
"""Larger "programs" in CodeNet are generated tables; they only waste compile time and context."""

REASON_UNREADABLE = "unreadable file"
REASON_NOT_UTF8 = "not UTF-8"
REASON_EMPTY = "empty program"
REASON_TOO_LARGE = "too large"
REASON_ROW_WITHOUT_FILE = "metadata row without file"
REASON_FILE_WITHOUT_ROW = "file without metadata row"
REASON_DUPLICATE_ID = "duplicate submission id"
REASON_BAD_ROW = "malformed metadata row"
REASON_BAD_LINE = "malformed JSONL line"
REASON_NO_PROBLEM_ID = "no problem_id"
REASON_TRUNCATED = "truncated archive"
REASON_PAST_DAMAGE = "unmatched in a truncated archive"

_EXAMPLES_PER_REASON = 3
_PROBLEM_DIR = re.compile(r"^p\d+$")
_TAR_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz")
_JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
_METADATA_COLUMNS = ("submission_id", "problem_id", "language", "status")
# Benchmark archives carry no metadata; the language follows from the file extension and
# anything unknown is C++, the language the C++1000/C++1400 benchmarks imply.
_EXTENSION_LANGUAGE = {".py": "Python", ".java": "Java", ".c": "C", ".rb": "Ruby", ".go": "Go"}
_TAR_ERRORS = (tarfile.TarError, EOFError, zlib.error, OSError)

# One line, so that the CLI's error stays one line: it is the hint of every DataSourceError.
EXPECTED_LAYOUTS = (
    "expected a Project_CodeNet folder with data/<problem>/<Language>/ and metadata/, a"
    " benchmark folder of <problem>/<id>.cpp such as Project_CodeNet_C++1000, either of them as"
    " .tar.gz/.tgz/.tar, or a .jsonl/.jsonl.gz file of problem_id, submission_id, code"
)
_JSONL_HEAD_BYTES = 64 * 1024

KIND_DESCRIPTION = "description"
KIND_SAMPLE_INPUT = "sample_input"
KIND_SAMPLE_OUTPUT = "sample_output"
KIND_PROBLEM_LIST = "problem_list"
KIND_TESTS = "tests"
ProblemFileSink = Callable[[str, str, str], None]
"""Receives `(kind, problem_id, text)` for each file about a problem that a read meets:
``problem_descriptions/<p>.html`` (`KIND_DESCRIPTION`), ``derived/input_output/data/<p>/input.txt``
and ``output.txt`` (`KIND_SAMPLE_INPUT`, `KIND_SAMPLE_OUTPUT`), ``metadata/problem_list.csv``
(`KIND_PROBLEM_LIST`, problem id ""), and a JSON Lines record's ``tests`` field as JSON text
(`KIND_TESTS`, the first record of each problem that has one). `cdpo_core.judge.tests` makes
tests of them; delivering them during the read streams an archive once, not twice."""
_DERIVED = ("derived", "input_output", "data")
_DERIVED_FILES = {"input.txt": KIND_SAMPLE_INPUT, "output.txt": KIND_SAMPLE_OUTPUT}


class DataSourceError(CdpoError):
    """The path is not a CodeNet layout this module reads.

    The message says what was found there; the hint lists the layouts that are read.
    """

    def __init__(self, message: str, hint: str = EXPECTED_LAYOUTS) -> None:
        super().__init__(message, hint)


@dataclass(frozen=True)
class Submission:
    """One program with the labels selection needs; `source` names where it came from."""

    problem_id: str
    submission_id: str
    language: str
    status: str
    code: str
    source: str


@dataclass(frozen=True)
class ProblemInfo:
    """One row of ``metadata/problem_list.csv`` (limits in the dataset's own units: ms, KB)."""

    problem_id: str
    name: str
    dataset: str = ""
    time_limit: str = ""
    memory_limit: str = ""
    rating: str = ""


@dataclass
class IngestReport:
    """What a read saw: how many records, how many kept, and why the others were not.

    Attributes:
        layout: The detected layout (one of `LAYOUTS`), set by `read_submissions`.
        read: Records examined (metadata rows, files without rows, JSONL lines, archive members).
        kept: Submissions yielded.
        skipped: Reason -> count, for every record that was not yielded.
        examples: Reason -> a few ids or paths, so a person can go and look.
    """

    layout: str = ""
    read: int = 0
    kept: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def skip(self, reason: str, example: str, count: int = 1) -> None:
        """Count `count` records as not read, keeping the first few examples of each reason."""
        self.read += count
        self.skipped[reason] += count
        shown = self.examples.setdefault(reason, [])
        if len(shown) < _EXAMPLES_PER_REASON:
            shown.append(example)

    def lines(self) -> list[str]:
        """A human summary: one headline, then one line per reason, most frequent first."""
        out = [f"{self.layout or 'input'}: read {self.read}, kept {self.kept}"]
        for reason, count in self.skipped.most_common():
            shown = ", ".join(self.examples.get(reason, []))
            line = f"  skipped {plural(count, 'record')}: {reason}"
            out.append(line + (f" (e.g. {shown})" if shown else ""))
        return out


def plural(count: int, noun: str) -> str:
    """`1 record`, `2 records`: report lines count things of one kind (regular nouns only)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# ---------------------------------------------------------------------------------- layouts


def _codenet_root(path: Path) -> Path | None:
    """The folder holding data/ and metadata/: the path itself or one child of it."""
    if (path / "data").is_dir() and (path / "metadata").is_dir():
        return path
    children = [c for c in _subdirs(path) if (c / "data").is_dir() and (c / "metadata").is_dir()]
    return children[0] if len(children) == 1 else None


def _benchmark_root(path: Path) -> Path | None:
    """The folder holding <problem>/ folders: the path itself or one child of it."""
    if any(_PROBLEM_DIR.match(c.name) for c in _subdirs(path)):
        return path
    children = [c for c in _subdirs(path) if any(_PROBLEM_DIR.match(g.name) for g in _subdirs(c))]
    return children[0] if len(children) == 1 else None


def _subdirs(path: Path) -> list[Path]:
    try:
        return sorted(c for c in path.iterdir() if c.is_dir())
    except OSError:
        return []


def _describe(path: Path) -> str:
    """What is actually at a path, for error messages."""
    if not path.exists():
        return f"{path} does not exist"
    if path.is_file():
        kind = f"a {path.suffix} file" if path.suffix else "a file"
        return (
            f"{path} is {kind} ({path.stat().st_size} bytes), not a CodeNet folder, archive or"
            " .jsonl file"
        )
    if not path.is_dir():
        return f"{path} is neither a file nor a folder (a device, pipe or socket)"
    try:
        names = sorted(c.name + ("/" if c.is_dir() else "") for c in path.iterdir())
    except OSError as exc:
        return f"{path} cannot be listed ({exc.strerror})"
    if not names:
        return f"{path} is an empty folder"
    shown = ", ".join(names[:8]) + (f", ... ({len(names)} entries)" if len(names) > 8 else "")
    return f"{path} holds: {shown}"


def _tar_parts(name: str) -> tuple[str, ...]:
    # str.split, not PurePosixPath: this runs once per member of archives with millions.
    return tuple(p for p in name.split("/") if p not in ("", "."))


def _forget_members(tar: tarfile.TarFile) -> None:
    """Drop the members a streamed archive has met so far.

    tarfile remembers every member it meets, even when streaming; on an archive of millions
    of files that list alone would be gigabytes.
    """
    tar.members = []  # type: ignore[attr-defined]  # a real attribute, missing from typeshed


def _stem(filename: str) -> str:
    return filename.rpartition(".")[0] or filename


def _classify_member(parts: tuple[str, ...]) -> str | None:
    """Which archive layout a member's path belongs to, when it says."""
    if len(parts) >= 2 and parts[-2] == "metadata" and parts[-1].endswith(".csv"):
        return "codenet-tar"
    if len(parts) >= 4 and parts[-4] == "data" and _PROBLEM_DIR.match(parts[-3]):
        return "codenet-tar"
    if len(parts) >= 2 and _PROBLEM_DIR.match(parts[-2]):
        return "benchmark-tar"
    return None


def _detect_tar(path: Path) -> str:
    seen: list[str] = []
    try:
        with tarfile.open(path, "r|*") as tar:
            for member in tar:
                _forget_members(tar)
                if member.isfile():
                    kind = _classify_member(_tar_parts(member.name))
                    if kind:
                        return kind
                if len(seen) < 8:
                    seen.append(member.name)
    except _TAR_ERRORS as exc:
        raise DataSourceError(f"{path} could not be read as a tar archive ({exc})") from exc
    found = ", ".join(seen) if seen else "no members"
    raise DataSourceError(f"{path} is a tar archive but holds no CodeNet files (found: {found})")


def detect_layout(path: Path) -> str:
    """Name the layout at `path`, or raise `DataSourceError` saying what is there instead.

    Archives are recognised by their first member that belongs to a layout, so detection of a
    well-formed archive reads only its head.
    """
    path = Path(path)
    if path.is_file():
        name = path.name.lower()
        if name.endswith(_JSONL_SUFFIXES):
            return "jsonl"
        if name.endswith(_TAR_SUFFIXES):
            return _detect_tar(path)
    elif path.is_dir():
        if _codenet_root(path):
            return "codenet"
        if _benchmark_root(path):
            return "benchmark"
    raise DataSourceError(_describe(path))


def check_source(path: Path) -> str:
    """The layout at `path`, checked cheaply enough to run when a session is created.

    `detect_layout` plus the one look that catches an empty source: a full layout with no
    problem in data/ or metadata/, a JSON Lines file with nothing in its first 64 KiB. It
    never reads a whole dataset: folders are listed until the first problem, archives streamed
    until their first CodeNet member.

    Raises:
        DataSourceError: Naming what was found; the hint lists the layouts that are read.
    """
    path = Path(path)
    layout = detect_layout(path)
    if layout == "codenet":
        root = _codenet_root(path)
        assert root is not None  # detect_layout said so
        if not _has_problem(root):
            raise DataSourceError(
                f"{root} has data/ and metadata/ but no problem in either"
                " (no data/p<number>/ folder, no metadata/p<number>.csv)"
            )
    elif layout == "jsonl" and not _has_line(path):
        raise DataSourceError(f"{path} is a JSON Lines file with no lines")
    return layout


def _has_problem(root: Path) -> bool:
    """Whether a full layout names at least one problem; stops at the first it meets."""
    csvs = (p for p in (root / "metadata").glob("p*.csv") if _PROBLEM_DIR.match(p.stem))
    if next(csvs, None) is not None:
        return True
    try:
        return any(_PROBLEM_DIR.match(c.name) for c in (root / "data").iterdir() if c.is_dir())
    except OSError:
        return False


def _has_line(path: Path) -> bool:
    """Whether a JSON Lines file has a non-blank line in its first 64 KiB.

    A damaged .gz that yields a line first still passes: the reader keeps the lines before the
    damage and counts it.
    """
    seen = 0
    try:
        with _open_lines(path) as lines:
            while seen < _JSONL_HEAD_BYTES:
                line = lines.readline(_JSONL_HEAD_BYTES)
                if not line:
                    return False
                if line.strip():
                    return True
                seen += len(line)
    except (OSError, EOFError, zlib.error) as exc:
        raise DataSourceError(f"{path} could not be read as JSON Lines ({exc})") from exc
    return True  # 64 KiB of blank lines: odd, but the reader will see and count what follows


# ---------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Filter:
    """The language/status filter and size limit of one read, with its skip reasons."""

    languages: frozenset[str] | None
    statuses: frozenset[str] | None
    max_bytes: int

    @property
    def not_language(self) -> str:
        return "not " + "/".join(sorted(self.languages or ()))

    @property
    def not_status(self) -> str:
        return "not " + "/".join(sorted(self.statuses or ()))

    def reason(self, language: str, status: str) -> str | None:
        """Why a labelled record is filtered out, or None when it is wanted."""
        if self.languages is not None and language not in self.languages:
            return self.not_language
        if self.statuses is not None and status not in self.statuses:
            return self.not_status
        return None


def _decode(data: bytes, limit: int) -> tuple[str | None, str]:
    """The program text, or None and the reason it cannot be one."""
    if len(data) > limit:
        return None, REASON_TOO_LARGE
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, REASON_NOT_UTF8
    if not text.strip():
        return None, REASON_EMPTY
    return text, ""


def read_submissions(
    path: Path,
    report: IngestReport,
    *,
    languages: Collection[str] | None = ("C++",),
    statuses: Collection[str] | None = ("Accepted",),
    max_bytes: int = DEFAULT_MAX_BYTES,
    problem_files: ProblemFileSink | None = None,
) -> Iterator[Submission]:
    """Yield the submissions at `path` that pass the filters, counting the rest in `report`.

    Nothing here stops a run except a path that is no layout at all (`DataSourceError`, raised
    by this call, before any iteration): a bad file, row or line is counted and the read goes
    on; a truncated archive is counted and what was read before the damage is kept. Memory
    holds ids, never the code of more than one submission at a time (a tar of the full dataset
    keeps an index of the metadata rows of the wanted languages, about a hundred bytes each).

    Args:
        path: A folder, archive or JSON Lines file in one of `LAYOUTS`.
        report: Filled in as the iterator runs; read it after exhausting the iterator.
        languages: Languages to keep (CodeNet's ``language`` column); None keeps all.
        statuses: Statuses to keep (``Accepted``, ``Wrong Answer``, ...); None keeps all.
        max_bytes: Larger files are skipped as "too large" without being read.
        problem_files: Receives the problems' descriptions, samples, limits and JSON Lines
            ``tests`` as the read meets them (see `ProblemFileSink`); by the time the iterator
            is exhausted it has had all of them. Benchmarks carry none.
    """
    path = Path(path)
    report.layout = check_source(path)
    filt = _Filter(
        languages=frozenset(languages) if languages is not None else None,
        statuses=frozenset(statuses) if statuses is not None else None,
        max_bytes=max_bytes,
    )
    readers: dict[str, Callable[[Path, IngestReport, _Filter], Iterator[Submission]]] = {
        "codenet": partial(_read_codenet, sink=problem_files),
        "benchmark": _read_benchmark,
        "codenet-tar": partial(_read_codenet_tar, sink=problem_files),
        "benchmark-tar": _read_benchmark_tar,
        "jsonl": partial(_read_jsonl, sink=problem_files),
    }
    return _counted(readers[report.layout](path, report, filt), report)


def _counted(submissions: Iterator[Submission], report: IngestReport) -> Iterator[Submission]:
    for submission in submissions:
        report.read += 1
        report.kept += 1
        yield submission


def _read_file(path: Path, limit: int) -> tuple[str | None, str]:
    try:
        if path.stat().st_size > limit:
            return None, REASON_TOO_LARGE
        data = path.read_bytes()
    except OSError:
        return None, REASON_UNREADABLE
    return _decode(data, limit)


def _language_of(filename: str) -> str:
    return _EXTENSION_LANGUAGE.get(PurePosixPath(filename).suffix.lower(), "C++")


# -- benchmark folders


def _read_benchmark(path: Path, report: IngestReport, filt: _Filter) -> Iterator[Submission]:
    root = _benchmark_root(path)
    assert root is not None  # detect_layout said so
    for problem_dir in _subdirs(root):
        if not _PROBLEM_DIR.match(problem_dir.name):
            continue
        seen: set[str] = set()
        for file in sorted(c for c in problem_dir.iterdir() if not c.is_dir()):
            sub = _benchmark_record(problem_dir.name, file.name, str(file), report, filt, seen)
            if sub is None:
                continue
            code, why = _read_file(file, filt.max_bytes)
            if code is None:
                report.skip(why, str(file))
                continue
            yield Submission(sub[0], sub[1], sub[2], "Accepted", code, str(file))


def _benchmark_record(
    problem_id: str,
    filename: str,
    source: str,
    report: IngestReport,
    filt: _Filter,
    seen: set[str],
) -> tuple[str, str, str] | None:
    """(problem, submission, language) of a benchmark file worth reading, else counted."""
    submission_id = _stem(filename)
    language = _language_of(filename)
    # Benchmarks hold accepted submissions only, so only the language filter can apply.
    why = filt.reason(language, "Accepted")
    if why:
        report.skip(why, source)
        return None
    if submission_id in seen:
        report.skip(REASON_DUPLICATE_ID, source)
        return None
    seen.add(submission_id)
    return problem_id, submission_id, language


# -- benchmark archives


def _read_benchmark_tar(path: Path, report: IngestReport, filt: _Filter) -> Iterator[Submission]:
    seen: dict[str, set[str]] = {}
    for member, parts, reader in _stream(path, report, _Damage()):
        if len(parts) < 2 or not _PROBLEM_DIR.match(parts[-2]) or member.isdir():
            continue
        source = f"{path.name}:{member.name}"
        problem_id = parts[-2]
        sub = _benchmark_record(
            problem_id, parts[-1], source, report, filt, seen.setdefault(problem_id, set())
        )
        if sub is None:
            continue
        code, why = reader(member, filt.max_bytes)
        if code is None:
            if why:  # an empty reason: the reader counted a truncated archive itself
                report.skip(why, source)
            continue
        yield Submission(sub[0], sub[1], sub[2], "Accepted", code, source)


@dataclass
class _Damage:
    """Whether a streamed archive was found cut short, and whether that still needs counting.

    A second pass over the same archive meets the same damage; it is counted once.
    """

    count: bool = True
    seen: bool = False

    def hit(self, report: IngestReport, where: str, *, member: bool = False) -> None:
        """Note damage at `where`; `member` when a wanted member broke (it is still counted)."""
        if self.count and not self.seen:
            report.skip(REASON_TRUNCATED, where)
        elif member:
            report.skip(REASON_PAST_DAMAGE, where)
        self.seen = True


def _stream(
    path: Path, report: IngestReport, damage: _Damage
) -> Iterator[tuple[tarfile.TarInfo, tuple[str, ...], _TarReader]]:
    """Stream an archive's members once; a damaged tail ends the stream and is counted.

    Each member comes with a reader valid only until the next member is requested: that is
    the price of reading in place, and all that keeps memory flat.
    """
    try:
        with tarfile.open(path, "r|*") as tar:
            reader = _TarReader(tar, path, report, damage)
            for member in tar:
                _forget_members(tar)
                yield member, _tar_parts(member.name), reader
                if reader.broken:
                    return  # nothing after the damage is readable
            # tarfile ends quietly when an archive is cut at a member boundary; a whole archive
            # ends with a zero block, which leaves the stream at least one block past the
            # last header it tried.
            if tar.fileobj is not None and tar.fileobj.tell() < tar.offset + tarfile.BLOCKSIZE:
                damage.hit(report, f"{path.name}: ends without an end-of-archive block")
    except _TAR_ERRORS as exc:
        damage.hit(report, f"{path.name}: {exc or 'ends early'}")


class _TarReader:
    """Reads the current member of a streamed archive; damage is counted, never raised."""

    def __init__(
        self, tar: tarfile.TarFile, path: Path, report: IngestReport, damage: _Damage
    ) -> None:
        self._tar = tar
        self._path = path
        self._report = report
        self._damage = damage
        self.broken = False

    def __call__(self, member: tarfile.TarInfo, limit: int) -> tuple[str | None, str]:
        """The member as program text, or None and why not.

        An empty reason means the archive ended inside the member: that is counted here
        (once per archive), so callers must not count it again.
        """
        if not member.isfile():
            return None, REASON_UNREADABLE
        if member.size > limit:
            return None, REASON_TOO_LARGE
        data = self.read_bytes(member)
        if data is None:
            return None, ""
        return _decode(data, limit)

    def read_bytes(self, member: tarfile.TarInfo) -> bytes | None:
        """The member's bytes, or None (counted) when the archive ends inside it."""
        handle = self._tar.extractfile(member)
        assert handle is not None  # regular files always have a handle
        try:
            data = handle.read()
        except _TAR_ERRORS as exc:
            data, detail = b"", str(exc)
        else:
            detail = f"ends after {len(data)} of {member.size} bytes"
        if len(data) < member.size:
            self.broken = True
            where = f"{self._path.name}:{member.name} ({detail})"
            self._damage.hit(self._report, where, member=True)
            return None
        return data


# -- the full dataset


@dataclass(frozen=True)
class _Row:
    language: str
    status: str
    wanted: bool


def _parse_metadata(
    text: str,
    problem_id: str,
    source: str,
    report: IngestReport,
    filt: _Filter,
    name: str | None = None,
) -> dict[str, _Row]:
    """Rows of one ``metadata/<problem>.csv``, each filtered row and bad row counted.

    Rows of every status are returned (marked `wanted` or not) so that a file whose row was
    filtered out is not mistaken for a file without a row. A file without one of the columns
    selection needs loses all its rows under one reason that names the file and the columns,
    rather than one "malformed metadata row" per row that never says why; `name` is how that
    reason calls the file (default: `source`).
    """
    rows: dict[str, _Row] = {}
    shared: dict[tuple[str, str, bool], _Row] = {}
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in _METADATA_COLUMNS if c not in (reader.fieldnames or _METADATA_COLUMNS)]
    if missing:
        names = ", ".join(f"'{c}'" for c in missing)
        reason = f"{name or source} has no {names} {'column' if len(missing) == 1 else 'columns'}"
        count = 0
        for raw in reader:
            count += 1
            # Kept as unwanted, like a filtered row: its file was counted here, not again as
            # a file without a row. The language may be unknown (""): see _read_codenet_tar.
            submission_id = (raw.get("submission_id") or "").strip()
            if submission_id:
                key = ((raw.get("language") or "").strip(), "", False)
                rows[submission_id] = shared.get(key) or shared.setdefault(key, _Row(*key))
        if count:
            report.skip(reason, source, count=count)
        return rows
    for line_no, raw in enumerate(reader, start=2):
        where = f"{source}:{line_no}"
        values = {k: (raw.get(k) or "").strip() for k in _METADATA_COLUMNS}
        if None in raw or any(v is None for v in raw.values()) or not all(values.values()):
            report.skip(REASON_BAD_ROW, where)
            continue
        if values["problem_id"] != problem_id:
            report.skip(REASON_BAD_ROW, f"{where} (problem_id {values['problem_id']})")
            continue
        submission_id = values["submission_id"]
        if submission_id in rows:
            report.skip(REASON_DUPLICATE_ID, f"{where} ({submission_id})")
            continue
        why = filt.reason(values["language"], values["status"])
        if why:
            report.skip(why, f"{problem_id}/{submission_id}")
        key = (values["language"], values["status"], why is None)
        # A dataset has a handful of (language, status) pairs: share one row object for each.
        rows[submission_id] = shared.get(key) or shared.setdefault(key, _Row(*key))
    return rows


def _read_codenet(
    path: Path, report: IngestReport, filt: _Filter, sink: ProblemFileSink | None = None
) -> Iterator[Submission]:
    root = _codenet_root(path)
    assert root is not None  # detect_layout said so
    metadata, data = root / "metadata", root / "data"
    problems = {p.stem for p in metadata.glob("p*.csv") if _PROBLEM_DIR.match(p.stem)}
    problems |= {d.name for d in _subdirs(data) if _PROBLEM_DIR.match(d.name)}
    if sink is not None:
        _deliver(sink, KIND_PROBLEM_LIST, "", metadata / "problem_list.csv")
    # One problem at a time: its rows and its file listing are all that is held.
    for problem_id in sorted(problems):
        if sink is not None:
            _deliver_problem_files(root, problem_id, sink)
        rows = _problem_rows(metadata / f"{problem_id}.csv", problem_id, report, filt)
        files: dict[str, Path] = {}
        for lang_dir in _subdirs(data / problem_id):
            if filt.languages is not None and lang_dir.name not in filt.languages:
                continue  # their rows were counted as filtered; the files are never opened
            for file in sorted(c for c in lang_dir.iterdir() if not c.is_dir()):
                if file.stem in files:
                    report.skip(REASON_DUPLICATE_ID, str(file))
                elif file.stem not in rows:
                    report.skip(REASON_FILE_WITHOUT_ROW, str(file))
                else:
                    files[file.stem] = file
        for submission_id, row in sorted(rows.items()):
            if not row.wanted:
                continue
            match = files.get(submission_id)
            if match is None:
                report.skip(REASON_ROW_WITHOUT_FILE, f"{problem_id}/{submission_id}")
                continue
            code, why = _read_file(match, filt.max_bytes)
            if code is None:
                report.skip(why, str(match))
                continue
            yield Submission(problem_id, submission_id, row.language, row.status, code, str(match))


def _deliver(sink: ProblemFileSink, kind: str, problem_id: str, file: Path) -> None:
    """Hand a problem file to the sink when it is there; a missing one is the sink's to count."""
    try:
        text = file.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError:
        return
    sink(kind, problem_id, text)


def _deliver_problem_files(root: Path, problem_id: str, sink: ProblemFileSink) -> None:
    description = root / "problem_descriptions" / f"{problem_id}.html"
    _deliver(sink, KIND_DESCRIPTION, problem_id, description)
    derived = root.joinpath(*_DERIVED, problem_id)
    for name, kind in _DERIVED_FILES.items():
        _deliver(sink, kind, problem_id, derived / name)


def _problem_file_kind(parts: tuple[str, ...]) -> tuple[str, str] | None:
    """(kind, problem id) of an archive member that is a problem file, else None."""
    if len(parts) >= 2 and parts[-2:] == ("metadata", "problem_list.csv"):
        return KIND_PROBLEM_LIST, ""
    if (
        len(parts) >= 2
        and parts[-2] == "problem_descriptions"
        and parts[-1].endswith(".html")
        and _PROBLEM_DIR.match(parts[-1].removesuffix(".html"))
    ):
        return KIND_DESCRIPTION, parts[-1].removesuffix(".html")
    if (
        len(parts) >= 5
        and parts[-5:-2] == _DERIVED
        and _PROBLEM_DIR.match(parts[-2])
        and parts[-1] in _DERIVED_FILES
    ):
        return _DERIVED_FILES[parts[-1]], parts[-2]
    return None


def _problem_rows(
    csv_path: Path, problem_id: str, report: IngestReport, filt: _Filter
) -> dict[str, _Row]:
    if not csv_path.is_file():
        return {}
    try:
        # utf-8-sig: a CSV saved by a spreadsheet starts with a BOM, which would otherwise
        # become part of the first column's name.
        text = csv_path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError:
        report.skip(REASON_UNREADABLE, str(csv_path))
        return {}
    short = f"{csv_path.parent.name}/{csv_path.name}"  # metadata/p00001.csv
    return _parse_metadata(text, problem_id, str(csv_path), report, filt, short)


def _read_codenet_tar(
    path: Path, report: IngestReport, filt: _Filter, sink: ProblemFileSink | None = None
) -> Iterator[Submission]:
    """Two streaming passes: the metadata (and problem files) first, wherever they sit, then
    just the wanted files."""
    index: dict[str, dict[str, _Row]] = {}
    damage = _Damage()
    for member, parts, reader in _stream(path, report, damage):
        problem_file = _problem_file_kind(parts) if sink is not None and member.isfile() else None
        if problem_file is not None:
            assert sink is not None
            data = reader.read_bytes(member)
            if data is None:
                break
            sink(problem_file[0], problem_file[1], data.decode("utf-8-sig", errors="replace"))
        elif (
            member.isfile()
            and len(parts) >= 2
            and parts[-2] == "metadata"
            and _PROBLEM_DIR.match(parts[-1].removesuffix(".csv"))
            and parts[-1].endswith(".csv")
        ):
            problem_id = parts[-1].removesuffix(".csv")
            data = reader.read_bytes(member)
            if data is None:
                break
            text = data.decode("utf-8-sig", errors="replace")  # a BOM, as in _problem_rows
            rows = _parse_metadata(text, problem_id, f"{path.name}:{member.name}", report, filt)
            # Only rows of the wanted languages can match a file that is opened in pass two;
            # rows of an unknown language (a file without the column) may match any.
            index[problem_id] = {
                sid: row
                for sid, row in rows.items()
                if filt.languages is None or row.language in filt.languages or not row.language
            }
    # The data before any damage is still worth reading; the damage itself was counted.
    damage.count = False
    found: dict[str, set[str]] = {}
    for member, parts, reader in _stream(path, report, damage):
        if len(parts) < 4 or parts[-4] != "data" or not _PROBLEM_DIR.match(parts[-3]):
            continue
        if member.isdir():
            continue
        problem_id, language = parts[-3], parts[-2]
        if filt.languages is not None and language not in filt.languages:
            continue
        source = f"{path.name}:{member.name}"
        submission_id = _stem(parts[-1])
        row = index.get(problem_id, {}).get(submission_id)
        done = found.setdefault(problem_id, set())
        if row is None:
            # A problem whose metadata was never reached may have its rows past the damage.
            unknown = damage.seen and problem_id not in index
            report.skip(REASON_PAST_DAMAGE if unknown else REASON_FILE_WITHOUT_ROW, source)
            continue
        if not row.wanted:
            continue  # counted when its row was read
        if submission_id in done:
            report.skip(REASON_DUPLICATE_ID, source)
            continue
        done.add(submission_id)
        code, why = reader(member, filt.max_bytes)
        if code is None:
            if why:  # an empty reason: the reader counted a truncated archive itself
                report.skip(why, source)
            continue
        yield Submission(problem_id, submission_id, row.language, row.status, code, source)
    # With a damaged archive a file not met may lie past the damage rather than be missing.
    missing = REASON_PAST_DAMAGE if damage.seen else REASON_ROW_WITHOUT_FILE
    for problem_id, rows in sorted(index.items()):
        done = found.get(problem_id, set())
        for submission_id, row in sorted(rows.items()):
            if row.wanted and submission_id not in done:
                report.skip(missing, f"{problem_id}/{submission_id}")


# -- JSON Lines


def _open_lines(path: Path) -> io.BufferedIOBase:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return path.open("rb")


def _read_jsonl(
    path: Path, report: IngestReport, filt: _Filter, sink: ProblemFileSink | None = None
) -> Iterator[Submission]:
    seen: set[tuple[str, str]] = set()
    tests = _TestsSeen(sink)
    line_no = 0
    try:
        with _open_lines(path) as lines:
            for line_no, raw in enumerate(lines, start=1):
                if not raw.strip():
                    continue
                sub = _jsonl_record(raw, f"{path.name}:{line_no}", report, filt, seen, tests)
                if sub is not None:
                    yield sub
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        report.skip(REASON_TRUNCATED, f"{path.name}: after line {line_no} ({exc})")
    except OSError as exc:
        report.skip(REASON_UNREADABLE, f"{path.name}: {exc}")


@dataclass
class _TestsSeen:
    """Delivers the first ``tests`` field of each problem; dumps often repeat it per line."""

    sink: ProblemFileSink | None
    problems: set[str] = field(default_factory=set)

    def offer(self, problem_id: str, record: dict[str, object]) -> None:
        if self.sink is None or "tests" not in record or problem_id in self.problems:
            return
        self.problems.add(problem_id)
        self.sink(KIND_TESTS, problem_id, json.dumps(record["tests"]))


def _jsonl_record(
    raw: bytes,
    where: str,
    report: IngestReport,
    filt: _Filter,
    seen: set[tuple[str, str]],
    tests: _TestsSeen,
) -> Submission | None:
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        report.skip(REASON_NOT_UTF8, where)
        return None
    except ValueError:
        report.skip(REASON_BAD_LINE, where)
        return None
    if not isinstance(record, dict):
        report.skip(REASON_BAD_LINE, where)
        return None
    problem_id, submission_id, code = (
        record.get("problem_id"),
        record.get("submission_id"),
        record.get("code"),
    )
    if not isinstance(submission_id, str) or not submission_id or not isinstance(code, str):
        report.skip(REASON_BAD_LINE, where)
        return None
    if not isinstance(problem_id, str) or not problem_id:
        report.skip(REASON_NO_PROBLEM_ID, f"{where} ({submission_id})")
        return None
    tests.offer(problem_id, record)  # tests belong to the problem, whatever this line's status
    language = str(record.get("language") or "C++")
    status = str(record.get("status") or "Accepted")
    why = filt.reason(language, status)
    if why:
        report.skip(why, f"{where} ({submission_id})")
        return None
    if (problem_id, submission_id) in seen:
        report.skip(REASON_DUPLICATE_ID, f"{where} ({submission_id})")
        return None
    text, why = _decode(code.encode("utf-8", errors="surrogatepass"), filt.max_bytes)
    if text is None:
        report.skip(why, f"{where} ({submission_id})")
        return None
    seen.add((problem_id, submission_id))
    return Submission(problem_id, submission_id, language, status, code, where)


# ---------------------------------------------------------------------------------- problems


def read_problem_list(path: Path) -> dict[str, ProblemInfo]:
    """Problem names and limits from ``metadata/problem_list.csv``; empty where there is none.

    Benchmarks and JSON Lines files carry no problem list; in an archive the list is found by
    streaming until it appears.
    """
    text = _problem_file(Path(path), ("metadata", "problem_list.csv"))
    if text is None:
        return {}
    problems: dict[str, ProblemInfo] = {}
    for row in csv.DictReader(io.StringIO(text)):
        problem_id = (row.get("id") or "").strip()
        if not _PROBLEM_DIR.match(problem_id):
            continue
        problems[problem_id] = ProblemInfo(
            problem_id=problem_id,
            name=(row.get("name") or "").strip(),
            dataset=(row.get("dataset") or "").strip(),
            time_limit=(row.get("time_limit") or "").strip(),
            memory_limit=(row.get("memory_limit") or "").strip(),
            rating=(row.get("rating") or "").strip(),
        )
    return problems


def _problem_file(path: Path, tail: tuple[str, str]) -> str | None:
    """A small text file of the full layout, from a folder or streamed from an archive."""
    layout = detect_layout(path)
    if layout == "codenet":
        root = _codenet_root(path)
        assert root is not None
        target = root.joinpath(*tail)
        try:
            return target.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            return None
    if layout == "codenet-tar":
        try:
            with tarfile.open(path, "r|*") as tar:
                for member in tar:
                    _forget_members(tar)
                    if member.isfile() and _tar_parts(member.name)[-2:] == tail:
                        handle = tar.extractfile(member)
                        assert handle is not None
                        return handle.read().decode("utf-8", errors="replace")
        except _TAR_ERRORS:
            return None
    return None
