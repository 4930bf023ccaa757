"""What a CPU-trained model's bits depend on, so a run record can say where it was made.

Floating-point sums come out in a different order on a different processor (AVX2 against
AVX-512 kernels, another BLAS, another thread count splitting the work), so the tiny model built
from the same corpus and seed is byte-identical only where all of these match; elsewhere it is
close but not identical. The fingerprint names them, for the build log and the run's summary.
It imports torch only inside `hardware_fingerprint`, so importing this module stays cheap.
"""

from __future__ import annotations

import platform
import re
from dataclasses import asdict, dataclass
from pathlib import Path

CPUINFO = Path("/proc/cpuinfo")


@dataclass(frozen=True)
class HardwareFingerprint:
    """The machine and software a CPU training run's floating-point results depend on.

    Attributes:
        cpu: The processor's model name, with its family/model/stepping where Linux reports them
            (virtual machines often give every Xeon the same name; the numbers tell them apart).
        machine: The architecture, e.g. `x86_64` or `aarch64`.
        cpu_capability: The vector kernels torch picked on this CPU (`AVX512`, `AVX2`, ...).
        blas: The BLAS library torch was built with (e.g. `mkl`, `openblas`).
        torch: torch's version (it pins the BLAS and oneDNN versions it ships).
        torch_threads: Intra-op threads at the time of the call; the work splits differently
            with another count.
        python: Python's version.
    """

    cpu: str
    machine: str
    cpu_capability: str
    blas: str
    torch: str
    torch_threads: int
    python: str

    def to_dict(self) -> dict[str, str | int]:
        """A JSON-ready dict, as the run record stores it."""
        return asdict(self)

    def describe(self) -> str:
        """One line for the build log."""
        return (
            f"{self.cpu} ({self.machine}, {self.cpu_capability}), torch {self.torch} "
            f"with {self.blas} on {self.torch_threads} thread(s), Python {self.python}"
        )


def hardware_fingerprint() -> HardwareFingerprint:
    """The fingerprint of this machine and this process's torch, as it is set up now.

    Call it after `torch.set_num_threads`, so `torch_threads` is the count the work ran with.
    """
    import torch

    return HardwareFingerprint(
        cpu=cpu_model(),
        machine=platform.machine() or "unknown",
        cpu_capability=torch.backends.cpu.get_cpu_capability(),
        blas=_blas(torch.__config__.show()),
        torch=torch.__version__,
        torch_threads=torch.get_num_threads(),
        python=platform.python_version(),
    )


def cpu_model(cpuinfo: Path = CPUINFO) -> str:
    """The first processor's model name from /proc/cpuinfo, else what `platform` knows.

    x86 Linux names the model (`model name`) and its `cpu family`, `model` and `stepping`;
    ARM Linux gives `CPU implementer` and `CPU part` instead. /proc/cpuinfo is read by hand
    because `platform.processor()` is empty or just the architecture on Linux.
    """
    try:
        text = cpuinfo.read_text(errors="replace")
    except OSError:
        text = ""
    first = text.split("\n\n", 1)[0]
    fields: dict[str, str] = {}
    for line in first.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields.setdefault(key.strip(), value.strip())
    name = fields.get("model name") or platform.processor() or platform.machine() or "unknown CPU"
    if "cpu family" in fields:
        ids = f"family {fields['cpu family']} model {fields.get('model', '?')}"
        ids += f" stepping {fields.get('stepping', '?')}"
        return f"{name} [{ids}]"
    if "CPU part" in fields:
        implementer = fields.get("CPU implementer", "?")
        return f"{name} [implementer {implementer} part {fields['CPU part']}]"
    return name


def _blas(build_config: str) -> str:
    """`BLAS_INFO=...` from `torch.__config__.show()`, the only place torch names its BLAS."""
    found = re.search(r"BLAS_INFO=([^,\s]+)", build_config)
    return found.group(1) if found else "unknown"


__all__ = ["HardwareFingerprint", "cpu_model", "hardware_fingerprint"]
