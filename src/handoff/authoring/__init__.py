"""Authoring: the commands that write or print files a team keeps.

`new` (a record from the CRM row), `review` (the CS review block, changing only
its lines), `cohorts` (lost-deal cohorts from the export), `checkins`
(success-metric check-ins due), `schema` (the record's JSON Schema), `prompt`
(the drafting assistant's system prompt) and `atomic` (exclusive, atomic
writes shared by all of them).
"""
