"""What the benchmark scripts share: the installed console script and a best-of-N wall clock."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HANDOFF = str(Path(sys.executable).with_name("handoff"))


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
