"""A kept check result is reused only where the context answers as it did: the same result as
`check_record` for every context, on the contract's example record and on a broken one."""

from __future__ import annotations

from handoff.check import kept
from handoff.check.kept import check_kept
from handoff.check.record import CheckContext, check_record
from handoff.record.parse import parse_text
from site_kit import record

PATH = "records/acme-logistics.md"


def ctx(*cohorts: str, extra: frozenset[str] = frozenset()) -> CheckContext:
    return CheckContext(cohort_exists=set(cohorts).__contains__, cohort_ids=lambda: sorted(cohorts),
                        extra_keys=extra)


def test_same_result_as_check_record_in_every_context() -> None:
    kept._KEPT.clear()
    doc = parse_text(record("Acme Logistics", stage="closed-won", extra="team_size: 4\n"))
    contexts = [ctx("2026-W46-logistics"), ctx(), ctx("2026-W46-logistics", "other"),
                ctx("2026-W46-logistics", extra=frozenset({"team_size"})), ctx("2026-W45-logistics"), ctx()]
    for c in contexts * 2:
        assert check_kept(PATH, "acme-logistics", doc, c) == check_record(PATH, "acme-logistics", doc, c)
    statuses = {check_kept(PATH, "acme-logistics", doc, c).status for c in contexts}
    assert statuses == {"invalid", "complete"}  # the contexts really differ in what they decide


def test_kept_only_when_the_known_cohorts_were_not_listed() -> None:
    kept._KEPT.clear()
    doc = parse_text(record("Acme Logistics"))
    first = check_kept(PATH, "acme-logistics", doc, ctx("2026-W46-logistics"))
    assert check_kept(PATH, "acme-logistics", doc, ctx("2026-W46-logistics", "x")) is first
    missing = check_kept(PATH, "acme-logistics", doc, ctx("2026-W46-logistic"))  # a "did you mean" hint
    assert "did you mean" in " ".join(f.message for f in missing.findings)
    other = check_kept(PATH, "acme-logistics", doc, ctx("2026-W46-logisticz"))
    assert "2026-W46-logisticz" in " ".join(f.message for f in other.findings)
    assert other == check_record(PATH, "acme-logistics", doc, ctx("2026-W46-logisticz"))

