"""The tests of a problem: sample inputs and outputs, with the problem's limits.

Project CodeNet ships its tests in three places, and a JSON Lines dump may carry its own:

* every problem description (``problem_descriptions/pXXXXX.html``) holds its samples under
  headings: ``<H2>Sample Input 1</H2><pre>...</pre>`` on AIZU, ``<h3>Sample Input 1</h3>`` on
  AtCoder (``<h3>入力例 1</h3>`` where the page is Japanese only, and both where it is both),
  ``Output for the Sample Input`` on AIZU's ICPC problems;
* ``derived/input_output/data/pXXXXX/{input.txt,output.txt}`` holds the first sample of the
  problems CodeNet verified;
* ``metadata/problem_list.csv`` gives each problem's time limit (ms) and memory limit (KB);
* a JSON Lines record may carry ``tests``: a list of ``{"input": ..., "output": ...}``.

The reader (`cdpo_core.codenet.read_submissions`) hands each such file to a `TestsCollector` as it
meets it, so an archive is streamed once. A description whose samples cannot be paired gives no
tests rather than wrong ones: a test that is wrong fails every correct program.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cdpo_core.codenet import (
    KIND_DESCRIPTION,
    KIND_PROBLEM_LIST,
    KIND_SAMPLE_INPUT,
    KIND_SAMPLE_OUTPUT,
    KIND_TESTS,
    plural,
)
from cdpo_core.errors import CdpoError

SOURCE_DESCRIPTION = "description"
SOURCE_DERIVED = "derived"
SOURCE_JSONL = "jsonl"

REASON_NO_SAMPLES = "description without samples"
REASON_UNPAIRED = "samples that do not pair (an input without its output)"
REASON_NO_DESCRIPTION = "no description, no derived sample, no tests field"
REASON_BAD_TESTS = "malformed tests field"
REASON_EMPTY_TESTS = "empty tests field"
_EXAMPLES = 3


class TestsError(CdpoError, ValueError):
    """Tests that cannot be read as given (a malformed JSONL ``tests`` field)."""

    __test__ = False  # not a pytest test class, despite the name


@dataclass(frozen=True)
class TestCase:
    """One input and its expected output, as the judge compares them."""

    __test__ = False

    name: str
    input: str
    output: str


@dataclass(frozen=True)
class ProblemTests:
    """A problem's tests and limits; `source` says where the tests came from.

    Attributes:
        problem_id: CodeNet's problem id.
        cases: The tests, in the order the description numbers them.
        time_limit_s: The judge's time limit, when the problem list gives one.
        memory_limit_mb: The judge's memory limit, when the problem list gives one.
        source: ``description``, ``derived``, ``description+derived`` or ``jsonl``.
    """

    __test__ = False

    problem_id: str
    cases: tuple[TestCase, ...]
    time_limit_s: float | None
    memory_limit_mb: int | None
    source: str


# ------------------------------------------------------------------------------ descriptions

_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_PRE = re.compile(r"<pre\b[^>]*>(.*?)</pre\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# Heading text, lower-cased and NFKC-normalised (full-width digits become ASCII); the number
# is optional because ICPC-style problems have one sample, unnumbered.
_NUM = r"\s*(?:#|no\.?)?\s*(\d+)?\s*[:：]?$"
_INPUT_HEADINGS = (
    re.compile(r"^(?:sample|example)\s*input" + _NUM),
    re.compile(r"^input\s*(?:sample|example)" + _NUM),
    re.compile(r"^入力例" + _NUM),
    re.compile(r"^サンプル入力" + _NUM),
)
_OUTPUT_HEADINGS = (
    re.compile(r"^(?:sample|example)\s*output" + _NUM),
    re.compile(r"^output\s*(?:sample|example)" + _NUM),
    re.compile(r"^output\s*for\s*(?:the\s*)?sample\s*input" + _NUM),
    re.compile(r"^出力例" + _NUM),
    re.compile(r"^サンプル出力" + _NUM),
)


@dataclass(frozen=True)
class _Sample:
    kind: str  # "input" or "output"
    number: int | None
    japanese: bool
    text: str


def _text(fragment: str) -> str:
    """Markup to the text a browser shows: tags dropped, entities unescaped."""
    return html.unescape(_TAG.sub("", fragment))


def _heading_kind(title: str) -> tuple[str, int | None] | None:
    key = " ".join(unicodedata.normalize("NFKC", _text(title)).lower().split())
    for kind, patterns in (("input", _INPUT_HEADINGS), ("output", _OUTPUT_HEADINGS)):
        for pattern in patterns:
            match = pattern.match(key)
            if match:
                return kind, int(match.group(1)) if match.group(1) else None
    return None


def sample_text(pre: str) -> str:
    """The contents of a ``<pre>`` as a program reads or writes them.

    HTML drops one newline right after ``<pre>``; line ends become ``\\n``; a non-empty text
    ends with one, as a file written by a program does.
    """
    text = _text(pre).replace("\r\n", "\n").replace("\r", "\n")
    text = text.removeprefix("\n")
    return text if not text or text.endswith("\n") else text + "\n"


def _samples(page: str) -> list[_Sample]:
    headings = list(_HEADING.finditer(page))
    found = []
    for i, heading in enumerate(headings):
        kind = _heading_kind(heading.group(2))
        if kind is None:
            continue
        end = headings[i + 1].start() if i + 1 < len(headings) else len(page)
        pre = _PRE.search(page, heading.end(), end)
        if pre is None:
            continue
        japanese = bool(_JAPANESE.search(_text(heading.group(2))))
        found.append(_Sample(kind[0], kind[1], japanese, sample_text(pre.group(1))))
    return found


def parse_description(page: str) -> tuple[TestCase, ...]:
    """The sample tests of a problem description, in order; () when it has none.

    AtCoder pages that hold both languages repeat every sample; the English headings are read
    and the Japanese ones only where there are no English ones. Samples pair by their number;
    unnumbered ones (ICPC style) pair in order.

    Raises:
        TestsError: When the description has samples that do not pair, saying how.
    """
    samples = _samples(page)
    chosen = [s for s in samples if not s.japanese] or samples
    inputs = [s for s in chosen if s.kind == "input"]
    outputs = [s for s in chosen if s.kind == "output"]
    if not chosen:
        return ()
    if any(s.number is None for s in chosen):
        if len(inputs) != len(outputs):
            raise TestsError(f"{REASON_UNPAIRED}: {len(inputs)} inputs, {len(outputs)} outputs")
        pairs = list(zip(inputs, outputs, strict=True))
        return tuple(TestCase(str(i), a.text, b.text) for i, (a, b) in enumerate(pairs, 1))
    ins = {s.number: s.text for s in inputs if s.number is not None}
    outs = {s.number: s.text for s in outputs if s.number is not None}
    if len(ins) != len(inputs) or len(outs) != len(outputs):
        raise TestsError(f"{REASON_UNPAIRED}: a sample number appears twice")
    halves = sorted(set(ins) ^ set(outs))
    if halves:
        raise TestsError(f"{REASON_UNPAIRED}: sample {halves[0]} has only one half")
    return tuple(TestCase(str(n), ins[n], outs[n]) for n in sorted(ins))


# ------------------------------------------------------------------------------ other sources


def parse_jsonl_tests(value: object) -> tuple[TestCase, ...]:
    """A JSON Lines record's ``tests``: a list of ``{"input": str, "output": str}``.

    An entry may carry a ``name``; otherwise tests are numbered from 1.

    Raises:
        TestsError: When the value is not such a list, naming the first bad entry.
    """
    if not isinstance(value, list):
        raise TestsError(f"{REASON_BAD_TESTS}: expected a list, got {type(value).__name__}")
    cases = []
    for i, entry in enumerate(value, start=1):
        if not isinstance(entry, dict):
            raise TestsError(f"{REASON_BAD_TESTS}: entry {i} is not an object")
        inp, out = entry.get("input"), entry.get("output")
        if not isinstance(inp, str) or not isinstance(out, str):
            raise TestsError(f"{REASON_BAD_TESTS}: entry {i} lacks a string input and output")
        name = entry.get("name")
        cases.append(TestCase(str(name) if name not in (None, "") else str(i), inp, out))
    return tuple(cases)


def _same_input(a: str, b: str) -> bool:
    return a.split() == b.split()


def parse_limits(time_limit_ms: str, memory_limit_kb: str) -> tuple[float | None, int | None]:
    """``metadata/problem_list.csv``'s limits (ms, KB) as seconds and MB; None where unknown."""
    try:
        seconds = float(time_limit_ms) / 1000 if time_limit_ms.strip() else None
    except ValueError:
        seconds = None
    try:
        megabytes = int(float(memory_limit_kb)) // 1024 if memory_limit_kb.strip() else None
    except ValueError:
        megabytes = None
    return (seconds if seconds and seconds > 0 else None), (megabytes or None)


# ------------------------------------------------------------------------------ collecting


@dataclass
class _Parts:
    description: str | None = None
    derived_input: str | None = None
    derived_output: str | None = None
    jsonl: object = None
    has_jsonl: bool = False


@dataclass
class TestsCollector:
    """Gathers the problem-level files a read meets, and answers each problem's tests.

    Pass `add` to `read_submissions(problem_files=...)`. Tests are built on first request, so a
    read of the full dataset holds the descriptions' text, not parsed tests, until asked.
    """

    __test__ = False

    _parts: dict[str, _Parts] = field(default_factory=dict)
    _limits: dict[str, tuple[float | None, int | None]] = field(default_factory=dict)
    _built: dict[str, ProblemTests | None] = field(default_factory=dict)
    _why: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, problem_id: str, text: str) -> None:
        """One problem-level file, as `cdpo_core.codenet.ProblemFileSink` delivers it."""
        if kind == KIND_PROBLEM_LIST:
            self._read_problem_list(text)
            return
        parts = self._parts.setdefault(problem_id, _Parts())
        if kind == KIND_DESCRIPTION:
            parts.description = text
        elif kind == KIND_SAMPLE_INPUT:
            parts.derived_input = text
        elif kind == KIND_SAMPLE_OUTPUT:
            parts.derived_output = text
        elif kind == KIND_TESTS and not parts.has_jsonl:
            try:
                parts.jsonl = json.loads(text)
            except ValueError:
                parts.jsonl = text  # not a list: counted as malformed when asked
            parts.has_jsonl = True

    def _read_problem_list(self, text: str) -> None:
        for row in csv.DictReader(io.StringIO(text)):
            problem_id = (row.get("id") or "").strip()
            if problem_id:
                self._limits[problem_id] = parse_limits(
                    row.get("time_limit") or "", row.get("memory_limit") or ""
                )

    def tests_for(self, problem_id: str) -> ProblemTests | None:
        """The problem's tests, or None (then `why_none` says why)."""
        if problem_id not in self._built:
            cases, source, why = _cases(self._parts.get(problem_id, _Parts()))
            if cases:
                time_limit, memory_limit = self._limits.get(problem_id, (None, None))
                tests = ProblemTests(problem_id, cases, time_limit, memory_limit, source)
                self._built[problem_id] = tests
            else:
                self._built[problem_id] = None
                self._why[problem_id] = why
        return self._built[problem_id]

    def why_none(self, problem_id: str) -> str:
        """Why a problem has no tests (one of the module's REASON_ constants), or ""."""
        return "" if self.tests_for(problem_id) is not None else self._why[problem_id]


@dataclass
class TestsReport:
    """How many of some problems have tests, and why the others have none.

    Attributes:
        problems: Problems looked at.
        with_tests: Those with at least one test.
        cases: Test cases over them.
        without: Reason -> count of the problems without tests.
        examples: Reason -> a few of those problem ids.
    """

    __test__ = False

    problems: int = 0
    with_tests: int = 0
    cases: int = 0
    without: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, collector: TestsCollector, problem_ids: Iterable[str]) -> TestsReport:
        report = cls()
        for problem_id in sorted(problem_ids):
            report.problems += 1
            tests = collector.tests_for(problem_id)
            if tests is not None:
                report.with_tests += 1
                report.cases += len(tests.cases)
                continue
            why = collector.why_none(problem_id)
            report.without[why] += 1
            shown = report.examples.setdefault(why, [])
            if len(shown) < _EXAMPLES:
                shown.append(problem_id)
        return report

    def lines(self) -> list[str]:
        """One headline, then one line per reason a problem has no tests."""
        out = [
            f"tests: {self.with_tests} of {self.problems} selected problems have tests"
            f" ({self.cases} in all)"
        ]
        for reason, count in self.without.most_common():
            shown = ", ".join(self.examples.get(reason, []))
            out.append(f"  {plural(count, 'problem')} without tests: {reason} (e.g. {shown})")
        return out

    def to_dict(self) -> dict[str, Any]:
        """For a stage summary."""
        return {
            "problems_with_tests": self.with_tests,
            "cases": self.cases,
            "problems_without_tests": dict(self.without),
        }


def _cases(parts: _Parts) -> tuple[tuple[TestCase, ...], str, str]:
    """A problem's tests, where they came from, and (when there are none) why.

    A JSON Lines ``tests`` field is the user's own statement of the tests, so it is used alone;
    otherwise the description's samples, plus CodeNet's verified sample unless the description
    already holds that input.
    """
    if parts.has_jsonl:
        try:
            given = parse_jsonl_tests(parts.jsonl)
        except TestsError:
            return (), "", REASON_BAD_TESTS
        return given, SOURCE_JSONL, REASON_EMPTY_TESTS
    cases: tuple[TestCase, ...] = ()
    sources = []
    why = REASON_NO_DESCRIPTION
    if parts.description is not None:
        try:
            cases = parse_description(parts.description)
            why = REASON_NO_SAMPLES
        except TestsError:
            why = REASON_UNPAIRED
        if cases:
            sources.append(SOURCE_DESCRIPTION)
    derived = parts.derived_input, parts.derived_output
    if derived[0] is not None and derived[1] is not None:
        if not any(_same_input(c.input, derived[0]) for c in cases):
            cases = (*cases, TestCase(SOURCE_DERIVED, derived[0], derived[1]))
            sources.append(SOURCE_DERIVED)
    return cases, "+".join(sources), why
