"""The weekly review: per rep and per CS reviewer, one ISO week, read from git history.

`state` reads the repo as it stood at a commit of the first-parent line, `timeline`
follows each record through history (its first complete commit, the commits that
turn its review into accepted or rejected), `report` turns both into the week's
figures (`WeeklyReport`, the contract's JSON keys) and `format` prints them. `facts`
keeps what each record version says by blob sha, under `.handoff/cache/`, so a later run
reads only the versions it has not seen.
The entry points are `handoff.weekly.report.weekly_report` and `weekly_reports`; the values
are in `model`. Nothing is imported here, so that reading `model` (as the site does for every
run) does not load the figures' machinery.
"""
