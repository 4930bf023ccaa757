"""Precompiled standard headers, built once per (compiler, flags) and proven to be used.

Parsing `<bits/stdc++.h>` is most of the cost of compiling a competitive-programming
program (about 1 s of a 1.2 s compile here); `<iostream>` is most of the rest. GCC loads a
`NAME.gch` it finds in an include directory instead of parsing NAME, so each header H gets
`<pch_dir>/<key>/H.gch` and every job compiles with `-I<pch_dir>/<key>`.

Why this can never change a verdict: GCC uses a .gch only when it is valid for the
translation unit at that point (the `#include` comes before any C token, macros defined
earlier do not touch the header, the same compiler and code-generation options); otherwise
it silently skips it and, as the directory holds no real header of that name, goes on to
the system header exactly as plain g++ would. Each .gch is built from a one-line wrapper
(`#include <H>`), so the standard headers inside it keep their system-header status
(warnings inside them stay suppressed, as in plain g++). The tests compare verdicts with
and without the PCH on programs that define names clashing with std, put macros before
the include, include it second, or trigger only warnings.

A PCH that GCC rejects would not be wrong, only slow, and slow silently: so after building,
a probe compile with `-H -Winvalid-pch` must report `! <path>.gch` (GCC's mark for "used"),
else `ensure_pch` raises OracleError.

Concurrency: builders take an exclusive `flock` on `<key>.lock`, build into a private
temporary directory and `rename` it into place, so a reader sees either nothing or a
complete set, and two processes never build the same PCH twice. A builder killed midway
leaves its staging folder `.<key>-<pid>-<start>-XXXX`: the reaper removes it when the
builder dies, or the next builder's sweep once the owner is gone.

A PCH folder that cannot be written is still used when it holds a complete, verified PCH
(a shared, read-only cache); otherwise `ensure_pch` raises `CacheUnavailable` and the oracle
builds the PCH in a private temporary folder instead.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from cdpo_core.oracle.cache import CacheUnavailable
from cdpo_core.oracle.compiler import JSON_FLAG, job_directory, run_limited
from cdpo_core.oracle.reaper import sweep
from cdpo_core.oracle.settings import OracleError, OracleSettings

PCH_VERSION = "1"  # bump when the build recipe changes, so old directories are not reused


def pch_key(compiler_identity: str, flags: Sequence[str], headers: Sequence[str]) -> str:
    """The directory name for one (compiler, flags, headers) combination."""
    blob = json.dumps([PCH_VERSION, compiler_identity, list(flags), list(headers)])
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


def _build_settings(settings: OracleSettings) -> OracleSettings:
    # Building stdc++.h takes a few seconds, a few hundred MB of memory and writes a 100 MB
    # file: give it generous limits.
    return replace(
        settings,
        timeout_s=max(settings.timeout_s, 300.0),
        memory_mb=max(settings.memory_mb, 4096),
        max_output_bytes=1_000_000,
        max_file_mb=max(settings.max_file_mb, 4096),
    )


def _build(compiler_path: str, settings: OracleSettings, target: Path) -> None:
    limits = _build_settings(settings)
    for header in settings.pch_headers:
        wrapper_dir = target / ".src"
        wrapper_dir.mkdir(parents=True, exist_ok=True)
        wrapper = wrapper_dir / (header.replace("/", "__") + ".hpp")
        wrapper.write_text(f"#include <{header}>\n", encoding="utf-8")
        out = target / f"{header}.gch"
        out.parent.mkdir(parents=True, exist_ok=True)
        argv = [
            compiler_path,
            *settings.flags,
            JSON_FLAG,
            "-x",
            "c++-header",
            str(wrapper),
            "-o",
            str(out),
        ]
        raw = run_limited(argv, cwd=target, settings=limits)
        if raw.returncode != 0 or not out.exists():
            raise OracleError(
                f"could not precompile <{header}> with {compiler_path} {' '.join(settings.flags)}:"
                f" {raw.output.strip()[:500] or 'no output'}; set pch = false to run without it"
            )
    shutil.rmtree(target / ".src", ignore_errors=True)


def verify(compiler_path: str, settings: OracleSettings, directory: Path) -> None:
    """Prove that GCC uses every .gch in `directory`; raise OracleError otherwise."""
    limits = _build_settings(settings)
    with job_directory() as tmp:
        for header in settings.pch_headers:
            probe = tmp / "probe.cpp"
            probe.write_text(f"#include <{header}>\nint main() {{ return 0; }}\n")
            argv = [
                compiler_path,
                *settings.flags,
                JSON_FLAG,
                f"-I{directory}",
                "-H",
                "-Winvalid-pch",
                "-fsyntax-only",
                str(probe),
            ]
            raw = run_limited(argv, cwd=tmp, settings=limits)
            expected = f"! {directory / header}.gch"
            if expected not in raw.output.splitlines():
                raise OracleError(
                    f"GCC rejects the precompiled header {directory / header}.gch, so every "
                    f"compile would silently parse <{header}> again: "
                    f"{raw.output.strip()[:400] or 'no output'}. Delete {directory} to rebuild"
                    " it, or set pch = false"
                )


def ensure_pch(
    compiler_path: str, compiler_identity: str, settings: OracleSettings, pch_root: Path
) -> Path:
    """The verified PCH include directory for these settings, building it if needed.

    Args:
        compiler_path: Absolute path of the compiler driver.
        compiler_identity: Its `--version` output (part of the key: a new GCC, a new PCH).
        settings: Flags and the headers to precompile.
        pch_root: Parent of all PCH directories (e.g. ~/.cache/cdpo/pch).

    Returns:
        The directory to pass as `-I`.

    Raises:
        CacheUnavailable: `pch_root` cannot be written and holds no usable PCH.
        OracleError: GCC cannot build the PCH, or rejects the one it built.
    """
    key = pch_key(compiler_identity, settings.flags, settings.pch_headers)
    final = (pch_root / key).resolve()
    try:
        pch_root.mkdir(parents=True, exist_ok=True)
        lock = open(pch_root / f"{key}.lock", "a")  # closed by the `with` below
    except OSError as exc:
        if final.is_dir():
            try:
                verify(compiler_path, settings, final)
                return final  # read-only, but complete: as good as our own
            except OracleError:
                pass  # stale, and we cannot rebuild it here
        raise CacheUnavailable(
            f"cannot write the precompiled-header folder {pch_root}: {exc.strerror or exc}",
            "point XDG_CACHE_HOME at a writable folder, or turn the PCH off (oracle.pch = false,"
            " --no-pch)",
        ) from exc
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sweep(str(pch_root), f".{key}-")  # staging folders of builders that were killed
        if final.is_dir():
            try:
                verify(compiler_path, settings, final)
                return final
            except OracleError:
                # Stale (e.g. the compiler was upgraded in place): rebuild once, below.
                shutil.rmtree(final, ignore_errors=True)
        with job_directory(pch_root, f".{key}-") as staging:
            _build(compiler_path, settings, staging)
            os.rename(staging, final)
        # Checked where jobs will use it; a rejection now is loud, never a silent slowdown.
        verify(compiler_path, settings, final)
    return final
