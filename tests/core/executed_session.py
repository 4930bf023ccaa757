"""A session with real completions, real compile verdicts and stored tests, but no model.

Completions are written with the Store API under a run opened by `stage_run`, each with the
verdict the real oracle gives it, so the execute phase and graded pairs see what an
evaluation would have stored.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from cdpo_core.judge.tests import ProblemTests, TestCase
from cdpo_core.oracle import Oracle
from cdpo_core.session import Session, preset
from cdpo_core.store import CompletionRecord, Store

PREFIX = "#include <iostream>\nint main() {\n    long long a, b;\n    std::cin >> a >> b;\n"
TARGET = '    std::cout << a + b << "\\n";\n    return 0;\n}\n'
TAILS = {
    "accepted": TARGET,
    "wrong_answer": '    std::cout << a + b + 1 << "\\n";\n    return 0;\n}\n',
    "runtime_error": "    int *p = nullptr;\n    *p = (int)(a + b);\n    return p[0];\n}\n",
    "warnings": '    int unused;\n    std::cout << a + b << "\\n";\n    return 0;\n}\n',
    "compile_error": '    std::cout << a + b << "\\n"\n    return 0;\n}\n',
}
"""Continuations of the a+b program, named by what they should get."""
TESTS = ProblemTests(
    "p00001",
    (TestCase("1", "1 2\n", "3\n"), TestCase("2", "40 2\n", "42\n")),
    2.0,
    256,
    "description",
)


def make_session(root: Path, name: str = "exec", **execution: object) -> Session:
    """A demo-preset session with two test samples: p00001 (tests stored), p00002 (none)."""
    config = preset("demo")
    config = dataclasses.replace(
        config, execution=dataclasses.replace(config.execution, **execution)
    )
    session = Session.create(root, name, config)
    code = PREFIX + TARGET
    with Store(session.db_path) as store:
        store.replace_samples(
            [
                {
                    "problem_id": problem,
                    "submission_id": f"s{problem}-{split}",
                    "split": split,
                    "code": code,
                    "prefix": PREFIX,
                    "target": TARGET,
                    "suffix": "",
                    "mask_start": len(PREFIX),
                    "mask_end": len(code),
                }
                for problem, split in (("p00001", "test"), ("p00002", "test"), ("p00001", "train"))
            ]
        )
        store.replace_tests([TESTS])
    return session


def add_completions(
    store: Store, run_id: int, session: Session, sample_id: int, tails: list[str]
) -> None:
    """Store `tails` as completions of `sample_id`, with the real oracle's verdicts."""
    programs = [PREFIX + t for t in tails]
    with Oracle(session.config.oracle, cache_path=session.path / "verdicts.sqlite") as oracle:
        verdicts = oracle.check_many(programs)
    store.add_completions(
        run_id,
        [
            CompletionRecord(
                sample_id=sample_id,
                seq=seq,
                prompt=PREFIX,
                output=tail,
                continuation=tail,
                program=program,
                new_tokens=1,
                seconds=0.0,
                level=v.level,
                passed=v.passed,
                categories=tuple(v.categories),
                first_error=v.first_error,
                compile_seconds=v.duration_s,
            )
            for seq, (tail, program, v) in enumerate(zip(tails, programs, verdicts, strict=True))
        ],
    )
