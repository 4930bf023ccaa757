"""A seccomp filter that refuses `socket(2)`, compiled by libseccomp, for `bwrap --seccomp FD`.

bubblewrap loads a compiled BPF program from a file descriptor; libseccomp (the library
behind systemd's, Docker's and Flatpak's filters, LGPL-2.1, in every Debian base system
as `libseccomp2`) compiles one. It is called through ctypes because its Python bindings
(Debian's `python3-seccomp`) are built for the system Python only, not for a virtual
environment; the calls are the five of its stable C API below.

The filter answers `socket()` with EPERM and allows everything else. A syscall of another
architecture (a 32-bit `socketcall` through `int 0x80`) does not match the filter's native
architecture and kills the process: libseccomp's default for a foreign architecture. Where
libseccomp cannot be loaded there is no filter; `--unshare-net` still leaves the program a
network namespace with no interface but its own loopback, so it reaches nothing outside.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import functools
import os
import tempfile

_SCMP_ACT_ALLOW = 0x7FFF0000
_SCMP_ACT_ERRNO = 0x00050000  # | errno in the low 16 bits


@functools.cache
def socket_filter() -> bytes | None:
    """The compiled BPF program (raw `struct sock_filter` array), or None without libseccomp."""
    name = ctypes.util.find_library("seccomp")
    if name is None:
        return None
    try:
        lib = ctypes.CDLL(name, use_errno=True)
    except OSError:
        return None
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_syscall_resolve_name.restype = ctypes.c_int
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_rule_add.restype = ctypes.c_int
    lib.seccomp_rule_add.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint]
    lib.seccomp_export_bpf.restype = ctypes.c_int
    lib.seccomp_export_bpf.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.seccomp_release.restype = None
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    ctx = lib.seccomp_init(_SCMP_ACT_ALLOW)
    if not ctx:
        return None
    try:
        number = lib.seccomp_syscall_resolve_name(b"socket")
        if number < 0 or lib.seccomp_rule_add(ctx, _SCMP_ACT_ERRNO | errno.EPERM, number, 0):
            return None
        with tempfile.TemporaryFile() as out:
            if lib.seccomp_export_bpf(ctx, out.fileno()) != 0:
                return None
            out.seek(0)
            program = out.read()
    finally:
        lib.seccomp_release(ctx)
    return program or None


def filter_fd(program: bytes) -> int:
    """A readable file descriptor holding `program`, positioned at its start, for bwrap.

    A pipe would need a writer thread for a program larger than the pipe buffer (they are a
    few hundred bytes, but nothing needs to depend on that); an unlinked temporary file does
    not. The caller passes it in `pass_fds` and closes it after the sandbox has started.
    """
    handle = tempfile.TemporaryFile()
    handle.write(program)
    handle.flush()
    fd = os.dup(handle.fileno())
    handle.close()
    os.lseek(fd, 0, os.SEEK_SET)
    return fd
