"""`handoff init`: the files it writes, tested as files; never overwriting; a repo that checks and builds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from authoring_kit import invoke, snapshot
from handoff import __version__
from handoff.init.scaffold import CRMS, HOOK_REPO, init, plan
from handoff.repo.config import parse_settings
from handoff.repo.crm.exports import kinds_of
from handoff.repo.crm.reader import read_export
from package_kit import offending_lines

BIN = Path(sys.executable).parent
SPEC = f"handoff-records=={__version__}"


def _workflows(files: dict[str, bytes]) -> dict[str, dict]:  # type: ignore[type-arg]
    return {p: yaml.safe_load(data) for p, data in files.items() if p.startswith(".github/workflows/")}


def _steps(workflow: dict) -> list[dict]:  # type: ignore[type-arg]
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


@pytest.mark.parametrize("crm", CRMS)
@pytest.mark.parametrize("site", ["mkdocs", "zensical"])
def test_every_template_is_a_valid_file_of_its_kind(crm: str, site: str) -> None:
    files = dict(plan(crm, site))
    settings = parse_settings(files["handoff.toml"])
    assert settings.crm.preset == crm
    for path in dict.fromkeys((settings.crm.won, settings.crm.lost)):  # header-only, in the preset's shape
        export = read_export(files[path], path, settings.crm, kinds_of(settings.crm, path))
        assert (export.rows, export.errors) == (0, [])
        assert {"account", "closed"} <= {n for n, h in export.mapping.items() if h}
    hooks = yaml.safe_load(files[".pre-commit-config.yaml"])
    assert hooks == {"repos": [{"repo": HOOK_REPO, "rev": f"v{__version__}", "hooks": [{"id": "handoff-check"}]}]}
    if site == "mkdocs":
        assert yaml.safe_load(files["mkdocs.yml"]) == {"site_name": "Handoffs", "theme": {"name": "material"},
                                                       "plugins": ["search", "handoff"]}
    else:
        text = files["zensical.toml"].decode()
        assert 'docs_dir = "docs"' in text and "handoff pages" in text and "mkdocs.yml" not in files
    assert b"/records/    @your-org/cs-reviewers" in files["CODEOWNERS"]
    for path, data in files.items():
        text = data.decode("utf-8-sig")
        assert "@@" not in text, path
        assert not offending_lines(text), path  # never the bare name


@pytest.mark.parametrize("site", ["mkdocs", "zensical"])
def test_the_workflows(site: str) -> None:
    flows = _workflows(dict(plan("hubspot", site)))
    assert set(flows) == {f".github/workflows/handoff-{n}.yml" for n in ("check", "site", "digest")}
    for name, flow in flows.items():
        checkouts = [s for s in _steps(flow) if str(s.get("uses", "")).startswith("actions/checkout")]
        assert checkouts and all(s["with"]["fetch-depth"] == 0 for s in checkouts), name
        assert flow["env"]["HANDOFF_SPEC"].replace("[site]", "").replace("[zensical]", "") == SPEC
        assert all("$HANDOFF_SPEC" in s["run"] for s in _steps(flow) if "pip install" in s.get("run", ""))
    check = flows[".github/workflows/handoff-check.yml"]
    runs = [s.get("run", "") for s in _steps(check)]
    assert "handoff check --format github" in runs
    assert any("upload-sarif" in str(s.get("uses")) for s in _steps(check))
    assert 'handoff diff "origin/$BASE_REF" HEAD --format markdown > handoff-diff.md' in runs
    comment = next(r for r in runs if "gh api" in r)
    assert 'startswith("<!-- handoff-diff -->")' in comment and "-X PATCH" in comment
    assert check["jobs"]["diff"]["permissions"]["pull-requests"] == "write"
    site_flow = flows[".github/workflows/handoff-site.yml"]
    extra = "site" if site == "mkdocs" else "zensical"
    assert site_flow["env"]["HANDOFF_SPEC"] == f"handoff-records[{extra}]=={__version__}"
    build = "mkdocs build --strict" if site == "mkdocs" else "handoff pages && zensical build"
    assert build in [s.get("run") for s in _steps(site_flow)]
    assert any(s.get("uses") == "actions/deploy-pages@v4" for s in _steps(site_flow))
    digest_text = dict(plan("hubspot", site))[".github/workflows/handoff-digest.yml"].decode()
    digest = flows[".github/workflows/handoff-digest.yml"]
    assert digest[True]["schedule"] == [{"cron": "0 8 * * 1-5"}]  # YAML 1.1 reads the key `on` as True
    assert 'handoff digest --format markdown >> "$GITHUB_STEP_SUMMARY"' in [s.get("run") for s in _steps(digest)]
    send = next(s for s in _steps(digest) if "handoff notify" in s.get("run", ""))
    assert 'handoff notify "$channel" --weekly' in send["run"] and "${{" not in send["run"]
    assert "HANDOFF_SMTP_URL: ${{ secrets.HANDOFF_SMTP_URL }}" in digest_text


def test_init_writes_lists_and_never_overwrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "team"
    target.mkdir()
    (target / "README.md").write_text("Our own readme\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke("init", "team", "--crm", "salesforce")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "git init team (branch main)"
    assert "left  README.md (exists)" in out and "wrote crm/opportunities.csv" in out
    assert (target / "README.md").read_text() == "Our own readme\n"
    assert out.splitlines()[-1] == ("12 written, 1 left as they were; next: put your CRM export in crm/ and run "
                                    "`handoff crm`")
    before = snapshot(target)
    monkeypatch.chdir(target)
    code, out, _ = invoke("init")
    assert code == 0 and out.splitlines()[-1] == "nothing to write: every file exists"
    assert "wrote" not in out and "git init" not in out
    assert snapshot(target) == before
    head = subprocess.run(["git", "symbolic-ref", "--short", "HEAD"], cwd=target, capture_output=True, text=True)
    assert head.stdout.strip() == "main"


def test_init_refuses_a_file_in_the_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("file").write_text("x")
    assert invoke("init", "file")[0] == 2  # click: DIRECTORY must be a folder
    Path("team").mkdir()
    Path("team/records").write_text("not a folder")
    code, out, err = invoke("init", "team")
    assert (code, err) == (1, "records: is not a folder; move it away and run `handoff init` again\n")


@pytest.mark.parametrize("site", ["mkdocs", "zensical"])
def test_right_after_init_check_passes_and_the_site_builds_strict(tmp_path: Path, site: str) -> None:
    init(tmp_path, "pipedrive", site)
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    done = subprocess.run([str(BIN / "handoff"), "check"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    build = [str(BIN / "mkdocs"), "build", "--strict"] if site == "mkdocs" else [str(BIN / "zensical"), "build"]
    done = subprocess.run(build, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_every_template_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import resources

    import handoff.init.scaffold as scaffold

    root = resources.files("handoff.init").joinpath("templates")
    shipped = {f.name for f in root.iterdir() if f.is_file()}
    shipped |= {f"{d.name}/{f.name}" for d in root.iterdir() if d.is_dir() for f in d.iterdir() if f.is_file()}
    used: set[str] = set()
    original = scaffold._template

    def spy(name: str) -> bytes:
        used.add(name)
        return original(name)

    monkeypatch.setattr(scaffold, "_template", spy)
    for crm in CRMS:
        for site in ("mkdocs", "zensical"):
            plan(crm, site)
    assert used == shipped
