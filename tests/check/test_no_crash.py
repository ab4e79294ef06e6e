"""Hostile input never escapes as an exception: seeded random damage to a valid record
and cohort always ends in a result (findings or none), never a traceback."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from handoff.check.cohort import check_cohort
from handoff.check.record import CheckContext, check_record
from handoff.record.parse import ParseError, parse_bytes

EXAMPLES = Path(__file__).resolve().parent.parent / "example-files"
RECORD = (EXAMPLES / "records" / "positive" / "contract-example.md").read_bytes()
COHORT = (EXAMPLES / "cohorts" / "positive" / "2026-W46-logistics.md").read_bytes()
NASTY = [b"\x00", b"\xff", b"\r", b"\t", b":", b"-", b"[", b"{", b"]", b"&a", b"*a", b"!!", b"'", b'"', b"#",
         b"\n", b"  ", b"---\n", b"<<<<<<< ", b"|", b">", b"?", b"%", b"@", b"`", b"\xc3", b"\xe2\x80\xae"]
CTX = CheckContext(cohort_exists=lambda c: c == "2026-W46-logistics", cohort_ids=lambda: ["2026-W46-logistics"])


def damage(raw: bytes, rng: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data) + 1)
        roll = rng.random()
        if roll < 0.4:
            data[at:at] = rng.choice(NASTY)
        elif roll < 0.7:
            del data[at : at + rng.randint(1, 12)]
        else:
            data[at:at] = data[rng.randrange(len(data)) :][: rng.randint(1, 40)]
    return bytes(data)


@pytest.mark.parametrize("seed", range(8))
def test_damaged_files_give_results_not_exceptions(seed: int) -> None:
    rng = random.Random(seed)
    outcomes = set()
    for _ in range(150):
        for raw, is_cohort in ((RECORD, False), (COHORT, True)):
            bad = damage(raw, rng)
            try:
                parsed = parse_bytes(bad)
            except ParseError as e:
                parsed = e
            if is_cohort:
                result = check_cohort("cohorts/x.md", "2026-W46-logistics", parsed)
            else:
                result = check_record("records/x.md", "acme-logistics", parsed, CTX)
            outcomes.add(result.status)
            for finding in result.findings:
                assert finding.line >= 1 and "\n" not in finding.message
    assert "invalid" in outcomes  # the damage really produced bad files
