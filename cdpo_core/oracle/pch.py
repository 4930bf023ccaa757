"""Precompiled standard headers, built once per (compiler, flags) and proven to be used.

Parsing `<bits/stdc++.h>` is most of the cost of compiling a competitive-programming
program (about 1 s of a 1.2 s compile here); `<iostream>` is most of the rest. GCC loads a
`NAME.gch` it finds in an include directory instead of parsing NAME, so each header H gets
`<pch_dir>/<key>/H.gch` and every job compiles with `-I<pch_dir>/<key>`.

Why this can never change a verdict: GCC uses a .gch only when it is valid for the
translation unit at that point (the `#include` comes before any C token, macros defined
earlier do not touch the header, the same compiler and code-generation options); otherwise
it silently skips it and opens the stand-in `<pch_dir>/<key>/H` instead, which holds only
`#pragma GCC system_header` and `#include_next <H>`, so it reaches the system header exactly
as plain g++ would. (Without the stand-in, a program that includes H twice failed: GCC
records a header loaded from H.gch under `<pch_dir>/<key>/H` and the second include found
no file there.) Each .gch is built from a one-line wrapper
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

Include-block PCHs (`ensure_block_pch`) stand for a program's whole leading include block
(see `blocks.py`): `<pch_dir>/blocks-<flagkey>/<key>/` holds the synthetic header
`cdpo-pch-<key>.h` (the block's includes, so that GCC falls back to exactly the same text
if it ever skips the .gch) and its `.gch`. They are built the same way (flock, private
staging folder, rename) and kept only when the build printed nothing at all: a header that
warns or fails is never precompiled, so no diagnostic can hide inside a PCH. `survey`
preprocesses a block first: a block that does not preprocess, or that reaches a header
outside the system directories (whose text could change without the key changing), is never
precompiled; the size of its preprocessed text is what the oracle weighs a PCH by.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from cdpo_core.oracle.blocks import header_text
from cdpo_core.oracle.cache import CacheUnavailable
from cdpo_core.oracle.compiler import JSON_FLAG, job_directory, run_limited
from cdpo_core.oracle.diagnostics import parse_output
from cdpo_core.oracle.reaper import sweep
from cdpo_core.oracle.settings import OracleError, OracleSettings

PCH_VERSION = "2"  # bump when the build recipe changes, so old directories are not reused
BLOCK_VERSION = "1"  # the same, for include-block PCHs
# `# 12 "/usr/include/stdio.h" 1 3 4`: entering (flag 1) a system header (flag 3).
_LINEMARKER = re.compile(r'^# \d+ "(?P<file>(?:[^"\\]|\\.)*)"(?P<flags>(?: \d)*)$')


class BlockRejected(OracleError):
    """An include block cannot get a PCH (it fails, warns, or GCC will not use the result)."""


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
        # GCC records a header it loaded from H.gch as `<dir>/H`: a second `#include <H>`
        # opens that path and, were it missing, fails ("No such file or directory"). The
        # stand-in hands on to the real header, as a system header like the real one.
        (target / header).write_text(
            f"#pragma GCC system_header\n#include_next <{header}>\n", encoding="utf-8"
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


# --- include-block PCHs ------------------------------------------------------------------------


@dataclass(frozen=True)
class Survey:
    """What preprocessing an include block showed.

    Attributes:
        usable: It preprocesses without a word and reaches only system headers.
        size: Bytes of its preprocessed text, which parsing time follows closely (measured:
            16 KiB for <cstdio>, 720 KiB for <iostream>, 3.2 MiB for <bits/stdc++.h>).
        reason: Why it is not usable ("" when it is).
    """

    usable: bool
    size: int
    reason: str = ""


def block_header_name(key: str) -> str:
    """The synthetic header that stands for a block (included as `<name>`)."""
    return f"cdpo-pch-{key}.h"


def blocks_root(pch_root: Path, compiler_identity: str, flags: Sequence[str]) -> Path:
    """The folder of all include-block PCHs for one compiler and flag set."""
    return pch_root / f"blocks-{pch_key(compiler_identity, flags, ())}"


def block_key(compiler_identity: str, flags: Sequence[str], headers: Sequence[str]) -> str:
    """The folder name of one block's PCH (an ordered tuple of headers: order matters)."""
    blob = json.dumps(["block", BLOCK_VERSION, compiler_identity, list(flags), list(headers)])
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


def survey(compiler_path: str, settings: OracleSettings, headers: Sequence[str]) -> Survey:
    """Preprocess the block's synthetic header once (about a tenth of parsing it)."""
    limits = _build_settings(settings)
    with job_directory() as tmp:
        source = tmp / "block.h"
        source.write_text(header_text(tuple(headers)), encoding="utf-8")
        argv = [compiler_path, *settings.flags, "-E", "-x", "c++", "block.h", "-o", "block.ii"]
        raw = run_limited(argv, cwd=tmp, settings=limits)
        if raw.returncode != 0 or raw.output.strip():
            detail = " ".join(raw.output.split())[:200] or f"exit {raw.returncode}"
            return Survey(False, 0, f"does not preprocess cleanly: {detail}")
        text = (tmp / "block.ii").read_text(encoding="utf-8", errors="replace")
    for line in text.splitlines():
        if not line.startswith("# "):
            continue
        marker = _LINEMARKER.match(line)
        if marker is None:
            continue
        flags = marker["flags"].split()
        if "1" in flags and "3" not in flags:
            return Survey(False, len(text), f"includes {marker['file']}, not a system header")
    return Survey(True, len(text))


def _block_ready(directory: Path, key: str) -> bool:
    name = block_header_name(key)
    return (directory / name).is_file() and (directory / f"{name}.gch").is_file()


def verify_block(compiler_path: str, settings: OracleSettings, directory: Path, key: str) -> None:
    """Prove that GCC uses the block's .gch; raise BlockRejected otherwise."""
    name = block_header_name(key)
    limits = _build_settings(settings)
    with job_directory() as tmp:
        (tmp / "probe.cpp").write_text(f"#include <{name}>\nint main() {{ return 0; }}\n")
        argv = [
            compiler_path,
            *settings.flags,
            JSON_FLAG,
            f"-I{directory}",
            "-H",
            "-Winvalid-pch",
            "-fsyntax-only",
            "probe.cpp",
        ]
        raw = run_limited(argv, cwd=tmp, settings=limits)
    if f"! {directory / name}.gch" not in raw.output.splitlines():
        raise BlockRejected(
            f"GCC does not use the precompiled include block {directory / name}.gch: "
            f"{' '.join(raw.output.split())[:300] or 'no output'}"
        )


def _build_block(
    compiler_path: str, settings: OracleSettings, headers: Sequence[str], key: str, target: Path
) -> None:
    name = block_header_name(key)
    (target / name).write_text(header_text(tuple(headers)), encoding="utf-8")
    gch = f"{name}.gch"
    argv = [compiler_path, *settings.flags, JSON_FLAG, "-x", "c++-header", name, "-o", gch]
    raw = run_limited(argv, cwd=target, settings=_build_settings(settings))
    if raw.returncode != 0 or parse_output(raw.output) or not (target / gch).is_file():
        raise BlockRejected(
            f"the include block {' '.join(f'<{h}>' for h in headers)} did not precompile "
            f"silently: {' '.join(raw.output.split())[:300] or f'exit {raw.returncode}'}"
        )
    (target / "block.json").write_text(json.dumps({"headers": list(headers)}) + "\n")


def stored_blocks(root: Path) -> int:
    """How many complete include-block PCHs `root` holds (staging folders start with '.')."""
    try:
        return sum(1 for entry in os.scandir(root) if entry.is_dir() and entry.name[0] != ".")
    except OSError:
        return 0


def ensure_block_pch(
    compiler_path: str,
    compiler_identity: str,
    settings: OracleSettings,
    root: Path,
    headers: Sequence[str],
    *,
    build: bool,
) -> Path | None:
    """The verified PCH folder of an include block, building it when `build` and room allow.

    Args:
        compiler_path: Absolute path of the compiler driver.
        compiler_identity: Its `--version` output (part of the key).
        settings: Flags, limits and `pch_max_blocks`.
        root: The flag set's block folder (`blocks_root`).
        headers: The block, in order.
        build: False: only look for one another oracle built; True: build it if missing and
            `root` holds fewer than `settings.pch_max_blocks`.

    Returns:
        The folder to pass as `-I` (holding `block_header_name(key)` and its .gch), or None
        when there is none and none was built.

    Raises:
        BlockRejected: The block fails or warns when precompiled, or GCC rejects the result.
        CacheUnavailable: `root` cannot be written.
    """
    key = block_key(compiler_identity, settings.flags, headers)
    final = (root / key).resolve()
    if _block_ready(final, key):
        try:
            verify_block(compiler_path, settings, final, key)
            return final
        except BlockRejected:
            if not build:
                return None
    if not build:
        return None
    try:
        root.mkdir(parents=True, exist_ok=True)
        lock = open(root / f"{key}.lock", "a")  # closed by the `with` below
    except OSError as exc:
        raise CacheUnavailable(
            f"cannot write the precompiled-header folder {root}: {exc.strerror or exc}"
        ) from exc
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sweep(str(root), f".{key}-")
        if _block_ready(final, key):  # built by another oracle while we waited for the lock
            try:
                verify_block(compiler_path, settings, final, key)
                return final
            except BlockRejected:
                shutil.rmtree(final, ignore_errors=True)  # stale: rebuild once, below
        if stored_blocks(root) >= settings.pch_max_blocks:
            return None
        shutil.rmtree(final, ignore_errors=True)  # not ours if incomplete: rename needs it gone
        with job_directory(root, f".{key}-") as staging:
            _build_block(compiler_path, settings, headers, key, staging)
            os.rename(staging, final)
        verify_block(compiler_path, settings, final, key)
    return final
