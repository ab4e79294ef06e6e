"""`handoff init`: turn a folder into a working handoff repo, from templates shipped in the package.

`scaffold.plan` lists every file (records/, cohorts/, header-only CRM exports in the
chosen CRM's shape, a commented handoff.toml, the site config and docs/index.md, the
pinned pre-commit config, CI workflows, CODEOWNERS, a README); `scaffold.init` writes
the ones that do not exist yet, each created exclusively, and never overwrites.
Exports: `init`, `plan`, `InitRun`, `InitError`, `HOOK_REPO`, `PACKAGE`, `CRMS`, `SITES`.
"""

from handoff.init.scaffold import CRMS, HOOK_REPO, PACKAGE, SITES, InitError, InitRun, init, plan

__all__ = ["CRMS", "HOOK_REPO", "PACKAGE", "SITES", "InitError", "InitRun", "init", "plan"]
