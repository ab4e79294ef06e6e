"""`handoff diff`: what a pull request changes in the records, for CS to review.

`changes.diff_records` turns the two sides that `handoff.repo.diffs.compare` reads into
one `RecordDiff` per changed record or cohort: fields that became filled, emptied or
changed (by number and title), the review status change, completeness before and after,
and additions, removals and renames. `format` renders them as text, markdown (with the
marker line the CI comment is found by) or JSON. Exports: `RecordDiff`, `Report`,
`diff_records`, `render`, `MARKER`.
"""

from handoff.diff.changes import RecordDiff, Report, diff_records
from handoff.diff.format import MARKER, render

__all__ = ["MARKER", "RecordDiff", "Report", "diff_records", "render"]
