"""A "who" answer must be able to name someone (agents/answers/actors.names_someone, support.NAMED).

Why: on real documents "Who is the current release manager?" was answered by "Debian 12" from a list of release
code names, and "Who is the current maintainer of the package?" by "indices/Maintainers", a file: a version, a
path or a file name is nobody.
"""
from __future__ import annotations

from agents.answers import value_fit
from agents.answers.actors import names_someone
from tests.test_answers_occasions import _decide     # the same question-over-pages helper

RELEASES = ("Releases: the current release manager announces each release of Archiver by its code name. "
            "Archiver 11 was the last release; the next release is Archiver 12.")
TEAM = "Release team: the current release manager of Archiver is Jane Doe, helped by the release team."


def test_versions_files_and_variables_name_no_one():
    assert not names_someone("Archiver 12") and not names_someone("indices/Maintainers")
    assert not names_someone("README") and not names_someone("gendocs.sh") and not names_someone("HIST_FILE")
    assert names_someone("Jane Doe") and names_someone("GNU") and names_someone("Debian QA Group")
    assert names_someone("Brian Fox")
    assert not names_someone("Script-name") and names_someone("Smith-Jones")    # a label; a double name


def test_a_release_number_answers_no_who_question_a_name_does(monkeypatch):
    question = "Who is the current release manager of Archiver?"
    monkeypatch.setattr(value_fit, "CHECKED_EVERYWHERE", False)     # round fifteen checks every "who" candidate too
    assert _decide(question, RELEASES, named=False).window is not None     # the old rule: "Archiver 12"
    monkeypatch.undo()
    assert _decide(question, RELEASES).window is None
    assert _decide(question, TEAM).window is not None
