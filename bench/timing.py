"""What the benchmark scripts share: the installed console script, its modules compiled, and a
best-of-N wall clock."""

from __future__ import annotations

import compileall
import subprocess
import sys
import time
from pathlib import Path

HANDOFF = str(Path(sys.executable).with_name("handoff"))


def bytecode() -> None:
    """Compile handoff's modules before anything is timed, as pip does when it installs the
    wheel a team gets from the index. An editable install run with PYTHONDONTWRITEBYTECODE set
    (as on some CI images) would compile them again at every start: 0.07 s of each run here."""
    import handoff

    compileall.compile_dir(Path(handoff.__file__).parent, quiet=1)


def best(cmd: list[str], cwd: Path, repeat: int) -> float:
    """The fastest of `repeat` runs of `cmd`, in seconds; a failing run stops the benchmark."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            tail = (done.stdout + done.stderr)[-800:]
            raise SystemExit(f"{' '.join(cmd[:3])} failed ({done.returncode}): {tail}")
    return min(times)
