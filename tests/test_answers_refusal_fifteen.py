"""Round fifteen: a value must be of the kind the question asks for, and a byline credits its title's authors.

A price is an amount of money, never a bare number ("8" of "Debian 8"); a city or a country is a place the
gazetteer knows, never "Copyright"; "who made X" is never answered by X under a longer name ("GNU Texinfo"); the
support checks bound the answer line wherever it is read ("POSIX" names no one); a version has a number and a company
is no role; "the largest X" is a magnitude stated with a number; "how many" is never a description; a camel-case name
is held whole ("OpenPGP"); "Bash Reference Manual, Brian Fox and Chet Ramey" credits its authors. Each case fails
with its switch off (value_fit.MONEY_NEEDS_CURRENCY, KNOWN_REGIONS, CHECKED_EVERYWHERE, MAGNITUDES; spans.HEAD_SHAPES;
actors.NAMES_THE_SUBJECT; support.NO_DESCRIBED_COUNT; focus.WHOLE_WORDS_HELD; bylines.BYLINES).
"""
from __future__ import annotations

import pytest

from agents.answers import actors, bylines, spans, support, value_fit
from agents.answers import focus as focus_module
from agents.answers.answer_types import AMOUNT, NUMBER, PERSON_T, PLACE_T, TERM, candidates
from agents.answers.focus import held_in
from tests.rag_docs import final_answer, support_decision, text_library

RELEASES = "Releases\nAfter Jessie (Debian 8) was released, the project stopped the certification."
COPYRIGHT = "COPYRIGHT\nBash is Copyright (C) 1989-2022 by the Free Software Foundation, Inc."
GENDOCS = ('Invoking gendocs.sh\ngendocs.sh --email bug-texinfo@gnu.org texinfo "GNU Texinfo manual"\n'
           "gendocs.sh creates a subdirectory manual/ with the manual in all the standard output formats.")


def test_a_price_is_money_not_a_bare_number(monkeypatch):
    question = "How much does it cost to get a package certified?"
    assert candidates(AMOUNT, RELEASES, question, RELEASES) == []
    assert candidates(AMOUNT, "The certification costs $2,500 a year.", question, "") == ["$2,500"]
    assert candidates(AMOUNT, "Bash needs 512 MB of memory.", "How much memory does Bash need?", "") == ["512 MB"]
    assert support_decision(question, RELEASES, path="/d/faq.pdf").window is None
    monkeypatch.setattr(value_fit, "MONEY_NEEDS_CURRENCY", False)
    assert candidates(AMOUNT, RELEASES, question, RELEASES) == ["8"]


def test_a_city_is_a_known_place(monkeypatch):
    question = "In which city is the Free Software Foundation located?"
    assert candidates(PLACE_T, COPYRIGHT, question, COPYRIGHT) == []
    address = "The FSF is at 51 Franklin Street, Boston, MA 02110, USA."
    assert "Boston" in candidates(PLACE_T, address, question, address)
    assert support_decision(question, COPYRIGHT, path="/d/bash.html").window is None
    table = "Language Territory Directory English United States /usr/share/man/en_US French Canada ISO /usr/share/man/fr_CA"
    assert "Canada" in candidates(PLACE_T, table, "Which country does fr_CA serve?", table)
    history = "REVISION HISTORY NUMBER DATE DESCRIPTION NAME"    # "Date" is a town in Japan, "DATE" a column
    assert candidates(PLACE_T, history, "In which country does the author live?", history) == []
    monkeypatch.setattr(value_fit, "KNOWN_REGIONS", False)
    assert candidates(PLACE_T, COPYRIGHT, question, COPYRIGHT) == ["Copyright"]


def test_who_made_x_is_not_x_under_a_longer_name(monkeypatch):
    question = "Who created the Texinfo documentation format?"
    assert "GNU Texinfo" not in candidates(PERSON_T, GENDOCS, question, GENDOCS)
    credit = "Texinfo was created by Richard Stallman and Bob Chassell."
    assert candidates(PERSON_T, credit, question, credit)[:2] == ["Richard Stallman", "Bob Chassell"]
    assert not actors.names_the_subject("Jane Smith", "Who is John Smith's sister?")
    monkeypatch.setattr(actors, "NAMES_THE_SUBJECT", False)
    assert "GNU Texinfo" in candidates(PERSON_T, GENDOCS, question, GENDOCS)


def test_a_who_answer_must_name_someone_wherever_it_is_read(monkeypatch):
    text = "Debian Policy\nScripts should be POSIX compliant; see the POSIX standard."
    question = "Who maintains the dh_make package?"
    assert "POSIX" not in candidates(PERSON_T, text, question, text)
    monkeypatch.setattr(value_fit, "CHECKED_EVERYWHERE", False)
    assert "POSIX" in candidates(PERSON_T, text, question, text)


def test_how_many_is_not_answered_by_a_count_of_something_else(monkeypatch):
    text = "Jobs\nThe shell prints [1] 1234 indicating the job number and the process ID."
    question = "How many jobs can the job table hold at most?"
    assert candidates(NUMBER, text, question, text) == []     # "[1]" is a reference, "1234 indicating" no count
    monkeypatch.setattr(value_fit, "CHECKED_EVERYWHERE", False)
    assert "1234 indicating" in candidates(NUMBER, text, question, text)


def test_a_version_has_a_number_and_a_company_is_no_role(monkeypatch):
    assert value_fit.wrong_shape("IPv6", "Which version of iptables does Debian ship?")
    assert not value_fit.wrong_shape("5.2", "Which version of Bash does this manual describe?")
    assert not value_fit.wrong_shape("1.5+nmu1", "What version does an NMU of version 1.5 get?")
    assert not value_fit.wrong_shape("deb11u1", "What version suffix should a stable update have?")
    licence = "Which license covers the completion project?"
    assert value_fit.wrong_shape("Bash default", licence) and not value_fit.wrong_shape("GPL-2+", licence)
    assert not value_fit.wrong_shape("the GNU General Public License", licence)
    readonly = "Restricted Shell\nBear in mind that ‘`readonly`’ is not a security feature in zsh as it can be undone."
    assert support_decision("Which license covers zsh?", readonly, path="/d/zsh.html").window is None
    text = "Roles\nYou cannot become an official Debian Developer overnight; Canonical Ltd hires some."
    question = "Which company pays Debian maintainers?"
    assert value_fit.wrong_shape("Debian Developer", question)
    assert not value_fit.wrong_shape("Red Hat", question)
    assert "Debian Developer" not in candidates(TERM, text, question, text)
    monkeypatch.setattr(spans, "HEAD_SHAPES", False)
    assert support_decision("Which license covers zsh?", readonly, path="/d/zsh.html").window is not None
    assert not value_fit.wrong_shape("IPv6", "Which version of iptables does Debian ship?")
    assert not value_fit.wrong_shape("Debian Developer", question)


SEE_ALSO = ("SEE ALSO\nBash Reference Manual, Brian Fox and Chet Ramey\nThe Gnu Readline Library, Brian Fox and Chet "
            "Ramey\nThe Gnu History Library, Brian Fox and Chet Ramey")
TITLE_PAGE = ("Debian New Maintainers’ Guide\nJosip Rodin and Osamu Aoki\nDebian New Maintainers’ Guide ii Copyright © "
              "1998-2002 Josip Rodin")


def test_a_byline_credits_the_authors_of_its_title(monkeypatch):
    assert bylines.byline_names("Who are the authors of the Bash Reference Manual?", SEE_ALSO) == \
        ["Brian Fox", "Chet Ramey"]
    assert bylines.byline_names("Who wrote the Bash Reference Manual together with Chet Ramey?", SEE_ALSO) == \
        ["Brian Fox"]
    assert bylines.byline_names("Who wrote the Debian New Maintainers' Guide?", TITLE_PAGE) == \
        ["Josip Rodin", "Osamu Aoki"]
    cover = ("Bash Reference Manual\nReference Documentation for Bash\nEdition 5.2, for Bash Version 5.2.\nSeptember 2022\n"
             "Chet Ramey, Case Western Reserve University\nBrian Fox, Free Software Foundation\nThis text is a brief ...")
    assert bylines.byline_names("Who are the authors of the Bash Reference Manual?", cover) == ["Chet Ramey", "Brian Fox"]
    prose = "The Zsh Line Editor\nThe Zsh Line Editor is described in the ZLE chapter; Peter Stephenson answers."
    assert bylines.byline_names("Who wrote the Zsh Line Editor?", prose) == []      # prose, no byline
    question = "Who wrote the Bash Reference Manual together with Chet Ramey?"
    assert support_decision(question, SEE_ALSO, path="/d/bash.html").window is not None
    monkeypatch.setattr(bylines, "BYLINES", False)
    assert support_decision(question, SEE_ALSO, path="/d/bash.html").window is None


def test_the_largest_x_is_a_magnitude_stated_with_a_number(monkeypatch):
    question = "What is the largest upload the Debian upload queue accepts?"
    queues = ("Upload queues\nThe $default_host option determines which of the upload queues will be used by default. "
              "The largest upload the queue accepts is not documented here.")
    assert value_fit.asks_magnitude(question) and not value_fit.asks_magnitude("What is the minimum severity?")
    assert support_decision(question, queues, path="/d/guide.pdf").window is None
    sized = "Upload queues\nThe largest upload the upload queue accepts is 500 MB per file."
    assert support_decision(question, sized, path="/d/guide.pdf").window is not None
    monkeypatch.setattr(value_fit, "MAGNITUDES", False)
    assert support_decision(question, queues, path="/d/guide.pdf").window is not None


MANUAL = ("Archiver Reference Manual\nReference Documentation for Archiver\nEdition 2.1, March 2024\n"
          "Jane Doe, Example University\nJohn Smith, Free Archive Foundation\n\n"
          "Installing\nThe archiver runs on Debian 8 and later releases. Archiver is Copyright (C) 2019-2024 by the "
          "Free Archive Foundation, Inc. The archive format stores 12 files per block.")


@pytest.fixture(scope="module")
def manual(tmp_path_factory, real_embedder):
    yield from text_library(tmp_path_factory, real_embedder, "manual", {"archiver.txt": MANUAL})


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_real_model_names_a_bylines_authors_and_refuses_values_of_the_wrong_kind(real_model, manual):
    line = final_answer(real_model, manual, "Who wrote the Archiver Reference Manual?").split("\n", 1)[0]
    assert "Jane Doe" in line and "John Smith" in line
    for absent in ("How much does an Archiver licence cost?", "In which city is the Free Archive Foundation?"):
        assert final_answer(real_model, manual, absent).startswith("Your documents do not contain this"), absent


def test_how_many_is_never_answered_by_a_description(monkeypatch):
    question = "How many users does Bash have worldwide?"
    variables = "Variables\nTMPDIR If set, Bash uses its value as a directory. UID The numeric user id of the current user."
    assert support_decision(question, variables, path="/d/bashref.pdf").window is None
    monkeypatch.setattr(support, "NO_DESCRIBED_COUNT", False)
    assert support_decision(question, variables, path="/d/bashref.pdf").window is not None


def test_a_camel_case_name_in_the_focus_is_held_whole(monkeypatch):
    question = "Which OpenPGP implementation does Debian use?"
    keys = "Keys\nDebian uses GnuPG, a free OpenPGP implementation, for signatures."
    assert "debconf" in held_in("after discussions at DebConf17.")
    debconf = ("Other Tags\nIn 2017, Sean Whitton deprecated the ‘issue’ usertag and added use of the ‘moreinfo’ tag, "
               "after discussions at DebConf17.")       # "DebConf" of the question reads as a person, "Deb Conf"
    assert support_decision("At which DebConf was the moreinfo tag discussed?", debconf, path="/d/p.txt").window
    assert support_decision(question, keys, path="/d/keys.txt").window is not None
    monkeypatch.setattr(focus_module, "WHOLE_WORDS_HELD", False)
    assert support_decision(question, keys, path="/d/keys.txt").window is None
    assert support_decision("At which DebConf was the moreinfo tag discussed?", debconf, path="/d/p.txt").window is None


def test_a_name_after_an_adjective_is_inside_the_focus(monkeypatch):
    question = "Who is the current Debian project secretary?"
    assert focus_module.focus(question).asked == "secretary"
    assert focus_module.focus("Who is the first Debian Project Leader?").phrase == "first project leader"
    policy = "Current process\nThe Debian Policy is maintained by the Policy Editors, who apply changes from the list."
    assert support_decision(question, policy, path="/d/policy.txt").window is None
    assert "Debian Policy" not in candidates(PERSON_T, policy, question, policy)     # a document is no secretary
    monkeypatch.setattr(focus_module, "MODIFIER_THEN_NAME", False)
    assert focus_module.focus(question).phrase == "current"
