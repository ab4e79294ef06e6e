"""Checking records and cohorts against the contract.

Builds on `handoff.record` only (plus settings from `handoff.repo.config`); it
never imports git, click or MkDocs, so the pre-commit path stays lean.
Modules: `findings` (`Finding`, `FileResult`), `record` (`check_record`,
`CheckContext`), `completeness` (the seven fields' filled rules), `ai_assist`
(the AI-assist line), `cohort` (`check_cohort`) and `run` (`run_check`: files
or a whole repo in, results out).
"""
