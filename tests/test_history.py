"""A project's history: `tui-outcomes log` and review points, with real git in temporary repositories."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from markdown_it import MarkdownIt

from tui_outcomes.cli import main
from tui_outcomes.core import history
from tui_outcomes.core.changes import VersionError
from tui_outcomes.core.fileformat import load, save

from .conftest import EXAMPLE

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(repo: Path, *args: str, date: str = "2026-01-01T12:00:00") -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_PAGER": "cat",
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    result = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def init(repo: Path) -> None:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "Sam Jones")
    git(repo, "config", "user.email", "sam@example.org")


def commit(repo: Path, message: str, date: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "--short", "HEAD").strip()


class Repo(type(Path())):
    hashes: list[str]  # the short hashes of the commits, oldest first


@pytest.fixture
def repo(tmp_path, example):
    """Five commits: added, a new period (review/2026-spring), renamed and reworded, an output added
    (review/2026-autumn), a new target."""
    repo = Repo(tmp_path / "repo")
    init(repo)
    (repo / "projects").mkdir()
    old, new = repo / "projects" / "hearing.toml", repo / "projects" / "hearing-support.toml"
    shutil.copy(EXAMPLE, old)
    hashes = [commit(repo, "Start the project", "2026-01-10T10:00:00")]
    p = example.with_details(period="Two academic years")
    save(old, p, force=True)
    hashes.append(commit(repo, "Longer period", "2026-03-01T10:00:00"))
    git(repo, "tag", "review/2026-spring")
    git(repo, "mv", "projects/hearing.toml", "projects/hearing-support.toml")
    io1 = p.stage("interim_outcomes").elements[0]
    p = p.with_element_text(io1.id, "Staff feel sure of the new approach")
    save(new, p, force=True)
    hashes.append(commit(repo, "Rename, and reword IO1", "2026-05-01T10:00:00"))
    p, _ = p.add_element("outputs", "Termly reports to governors")
    save(new, p, force=True)
    hashes.append(commit(repo, "Add an output [bold]", "2026-10-01T10:00:00"))
    git(repo, "tag", "review/2026-autumn")  # later than spring, though it sorts first by name
    fo1 = p.stage("final_outcomes").elements[0]
    p = p.with_row(fo1.evidence[0].id, target="A 60% fall in incidents by July")
    save(new, p, force=True)
    hashes.append(commit(repo, "New target", "2026-11-01T10:00:00"))
    repo.hashes = hashes  # oldest first
    return repo


def log(capsys, *args) -> tuple[int, str, str]:
    status = main(["log", *map(str, args)])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_log_lists_every_commit_newest_first_with_its_changes_through_a_rename(repo, capsys):
    status, out, err = log(capsys, repo / "projects" / "hearing-support.toml")
    assert status == 0, err
    h = repo.hashes
    assert out.startswith("History of projects/hearing-support.toml: 5 commits, newest first\n")
    titles = [line for line in out.splitlines() if line[:7] in h]
    assert titles == [f"{h[4]} 2026-11-01 Sam Jones: New target",
                      f"{h[3]} 2026-10-01 Sam Jones: Add an output [bold]",
                      f"{h[2]} 2026-05-01 Sam Jones: Rename, and reword IO1",
                      f"{h[1]} 2026-03-01 Sam Jones: Longer period",
                      f"{h[0]} 2026-01-10 Sam Jones: Start the project"]
    flat = " ".join(out.split())
    parts = [flat.index(title) for title in [" ".join(t.split()) for t in titles]]
    newest, output, renamed, period, first = (flat[a:b] for a, b in zip(parts, parts[1:] + [len(flat)]))
    assert "target changed: “50% reduction in disruptive incidents recorded next term” → " \
           "“A 60% fall in incidents by July”" in newest
    assert "3. Outputs ---------- - Added OP4 “Termly reports to governors”" in output
    # the rename is followed: the version before it is read at the path it had then
    assert "Renamed from projects/hearing.toml." in renamed and "IO1 reworded:" in renamed
    assert "Period changed: “Next academic year” → “Two academic years”" in period
    assert "Added projects/hearing.toml: 12 elements." in first
    assert all(len(line) <= 78 for line in out.splitlines())


def test_log_in_markdown(repo, capsys):
    status, out, _ = log(capsys, repo / "projects" / "hearing-support.toml", "--format", "markdown")
    assert status == 0
    tokens = MarkdownIt().parse(out)
    headings = [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]
    h = repo.hashes
    assert [text for tag, text in headings if tag == "h2"] == [
        f"{h[4]} 2026-11-01 Sam Jones: New target", f"{h[3]} 2026-10-01 Sam Jones: Add an output \\[bold\\]",
        f"{h[2]} 2026-05-01 Sam Jones: Rename, and reword IO1", f"{h[1]} 2026-03-01 Sam Jones: Longer period",
        f"{h[0]} 2026-01-10 Sam Jones: Start the project"]
    assert ("h3", "3. Outputs") in headings and ("h3", "Project details") in headings
    html = MarkdownIt().render(out)
    assert "[bold]" in html and "<strong>" not in html


def test_log_newest_n_and_since_a_revision(repo, capsys):
    path = repo / "projects" / "hearing-support.toml"
    h = repo.hashes
    _, out, _ = log(capsys, path, "-n", 2)
    assert out.startswith("History of projects/hearing-support.toml: 2 commits")
    assert [line[:7] for line in out.splitlines() if line[:7] in h] == [h[4], h[3]]
    _, out, _ = log(capsys, path, "--since", h[1])  # the commits after it
    assert out.startswith(f"History of projects/hearing-support.toml since {h[1]}: 3 commits")
    assert [line[:7] for line in out.splitlines() if line[:7] in h] == [h[4], h[3], h[2]]
    status, _, err = log(capsys, path, "--since", "no-such-tag")
    assert status == 1 and "git has no revision called 'no-such-tag' (git log lists them)" in err
    status, _, err = log(capsys, path, "-n", 0)
    assert status == 2 and "-n wants a number of commits, 1 or more" in err


def test_since_review_starts_at_the_latest_review_tag(repo, capsys):
    path = repo / "projects" / "hearing-support.toml"
    assert history.latest_review(repo) == "review/2026-autumn"
    status, out, _ = log(capsys, path, "--since", "review")
    assert status == 0
    assert out.startswith("History of projects/hearing-support.toml since review/2026-autumn: 1 commit,")
    assert repo.hashes[4] in out and repo.hashes[3] not in out
    # an annotated tag made later, on an older commit, is the latest review meeting
    git(repo, "tag", "-a", "review/2026-winter", "-m", "winter review", repo.hashes[1], date="2026-12-01T10:00:00")
    _, out, _ = log(capsys, path, "--since", "review")
    assert "since review/2026-winter: 3 commits" in out
    # a review with nothing new
    git(repo, "tag", "-a", "review/2027", "-m", "next", "HEAD", date="2027-01-01T10:00:00")
    _, out, _ = log(capsys, path, "--since", "review")
    assert "since review/2027: 0 commits" in out and "No commits since review/2027 touched" in out


def test_a_version_that_cannot_be_read_is_said_in_words(repo, capsys):
    path = repo / "projects" / "hearing-support.toml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "<<<<<<< HEAD\n", encoding="utf-8")
    broken = commit(repo, "Merge gone wrong", "2026-11-02T10:00:00")
    path.write_text(good, encoding="utf-8")
    fixed = commit(repo, "Repaired", "2026-11-03T10:00:00")
    status, out, err = log(capsys, path, "-n", 3)
    assert status == 0, err
    flat = " ".join(out.split())
    assert f"{fixed} 2026-11-03 Sam Jones: Repaired" in flat
    assert f"The version before cannot be read, so the changes cannot be listed: {broken}:projects/" \
           "hearing-support.toml:" in flat
    assert f"This version cannot be read, so its changes cannot be listed: {broken}:" in flat
    assert "not valid TOML" in flat
    assert "A 60% fall in incidents by July" in flat  # the commit before is still listed in full


def test_log_reads_the_versions_in_one_batch(repo, monkeypatch):
    """Speed: the git processes run do not grow with the number of commits."""
    runs = []
    real = subprocess.run

    def counting(args, *a, **k):
        runs.append(args[:3])
        return real(args, *a, **k)

    monkeypatch.setattr(subprocess, "run", counting)
    found = history.History(repo / "projects" / "hearing-support.toml").load()
    entries = found.entries()
    assert len(entries) == 5 and len(runs) == 3, runs  # rev-parse, log, cat-file
    assert found.entries() == entries and len(runs) == 3  # every version is read and parsed once


def test_outside_git_no_commits_never_committed_and_no_review_tag(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    folder = tmp_path / "work"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "x.toml")
    status, out, err = log(capsys, folder / "x.toml")
    assert status == 1 and not out
    assert "is not in a git repository, so there is no history to show. To keep the project's history: " \
           "git init, then git add x.toml and git commit" in err
    init(folder)
    _, _, err = log(capsys, folder / "x.toml")
    assert "the repository has no commits yet, so there is no history to show" in err
    (folder / "other").write_text("x", encoding="utf-8")
    git(folder, "add", "other")
    git(folder, "commit", "-q", "-m", "other")
    _, _, err = log(capsys, folder / "x.toml")
    assert "x.toml has never been committed, so there is no history to show. Commit it once: git add x.toml" in err
    commit(folder, "the project", "2026-02-02T10:00:00")
    status, _, err = log(capsys, folder / "x.toml", "--since", "review")
    assert status == 1
    assert "there is no review tag (a git tag named review/…) yet; tag the commit your last review meeting " \
           "saw: git tag review/2026-autumn" in err
    status, out, _ = log(capsys, folder / "x.toml")
    assert status == 0 and "Added x.toml: 12 elements." in out
    status, _, err = log(capsys, tmp_path / "missing" / "x.toml")
    assert status == 1 and "there is no folder" in err


def test_a_file_deleted_and_brought_back_is_followed(tmp_path, capsys):
    repo = tmp_path / "r"
    init(repo)
    path = repo / "x.toml"
    shutil.copy(EXAMPLE, path)
    commit(repo, "add", "2026-01-01T10:00:00")
    path.unlink()
    commit(repo, "remove", "2026-01-02T10:00:00")
    project = load(EXAMPLE).project.with_details(period="Later")
    save(path, project)
    commit(repo, "back", "2026-01-03T10:00:00")
    status, out, err = log(capsys, path)
    assert status == 0, err
    flat = " ".join(out.split())
    assert re.search(r"remove =+ Deleted x\.toml\.", flat) and re.search(r"back =+ Added x\.toml: 12 elements\.", flat)


text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x1e\x00\n"), max_size=30)


@given(commits=st.lists(st.tuples(text.filter(lambda s: "\x1f" not in s), text), min_size=1, max_size=5))
def test_parse_log_keeps_any_author_and_subject(commits):
    out = "".join(f"\x1e{i:040x}\x1f{i:07x}\x1f2026-01-01\x1f{author}\x1f{subject}\x1f{i + 1:040x}\0\nM\0x.toml\0"
                  for i, (author, subject) in enumerate(commits))
    parsed = history.parse_log(out, "x.toml")
    assert [(c.author, c.subject) for c in parsed] == commits
    assert all(c.before == f"{i + 1:040x}:x.toml" and c.path == "x.toml" for i, c in enumerate(parsed))


def test_read_version_goes_through_the_shared_git_runner(repo, monkeypatch):
    from tui_outcomes.core import changes

    monkeypatch.setenv("PATH", str(repo))  # no git on the PATH
    with pytest.raises(VersionError, match="git is not installed"):
        changes.read_version("HEAD:projects/hearing-support.toml", cwd=str(repo))
    with pytest.raises(VersionError, match="git is not installed"):
        history.History(repo / "projects" / "hearing-support.toml").load()
