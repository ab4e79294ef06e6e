"""Authoring: the commands that write or print files a team keeps.

`new` (a record from the CRM row), `review` (the CS review block, changing only
its lines), `cohorts` (lost-deal cohorts from the export), `checkins`
(success-metric check-ins due, with measured values and hit/miss), `checkin`
(the measured value in the record's `checkin` block), `metrics` (the
success-metric export), `checkin_results` (check-ins come due and hit rates),
`schema` (the record's JSON Schema), `prompt` (the drafting assistant's system
prompt) and `atomic` (exclusive, atomic writes shared by all of them).
"""
