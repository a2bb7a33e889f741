"""Short answers for "where" and "which file": a path is whole, a path made of the question's words is still an
answer, a name after no locative preposition is no place when the quotes offer a path, and "a file named X"
names the file (agents/answers/span_edges.py, answer_types.py, kinds.py, heads.py).

Sentences written here in the shapes manuals use (HTML rendered to text marks code with backticks).
"""
from __future__ import annotations

from types import SimpleNamespace

from agents.answers.answer_types import PLACE_T, TERM, answer_type, candidates, grammar_marked
from agents.answers.heads import which_head
from agents.answers.kinds import located_options
from agents.answers.span_edges import repeats_question, whole_token
from agents.answers.spans import SHAPED_HEADS


def test_a_path_made_of_the_questions_words_is_an_answer():
    question = "Where do I keep the build options of a project?"
    text = "Write the wanted build options of the project in `project/build/options`."
    assert answer_type(question) == PLACE_T
    assert candidates(PLACE_T, text, question) == ["project/build/options"]
    question = "Where are the records of a retired release moved?"
    assert candidates(PLACE_T, "On retiring, the records are moved to `records.example.org`.", question) == \
        ["records.example.org"]
    # a heading that repeats the question is still no answer
    assert repeats_question("Formatting Error Messages Error", "What format should error messages use?")


def test_a_path_written_in_pieces_is_one_span():
    text = "The notes go to `/srv/notes/`owner`/notes.txt.gz`, or `/srv/notes/`owner`/notes.gz` for local owners."
    assert whole_token(text, "/srv/notes/") == "/srv/notes/`owner`/notes.txt.gz"
    assert whole_token("Most tools keep their data under $(datadir)/tool-name/. More", "/tool-name/") == \
        "$(datadir)/tool-name/"
    spans = candidates(PLACE_T, text, "Where are the notes of an owner kept?")
    assert spans == ["/srv/notes/`owner`/notes.txt.gz", "/srv/notes/`owner`/notes.gz"]
    # a piece of a longer path is no option of its own
    assert candidates(PLACE_T, "This should normally be /opt/local/shared, but write it as a variable.",
                      "Where should shared files go?") == ["/opt/local/shared"]


def test_where_keeps_the_located_options_when_one_is_a_path():
    def window(quote: str) -> SimpleNamespace:
        return SimpleNamespace(quote=quote, sentence=quote)

    shared = window("This should normally be /opt/local/shared, but write it as a variable.")
    tool = window("If you are using Autoconf, write it in the template.")
    venue = window("We met at Bella Italia on Friday.")
    options = {"/opt/local/shared": shared, "Autoconf": tool, "Bella Italia": venue}
    assert list(located_options(options)) == ["/opt/local/shared", "Bella Italia"]
    # no path or address among them: every option stays (the model or the nearest chooses)
    assert list(located_options({"Autoconf": tool, "Bella Italia": venue})) == ["Autoconf", "Bella Italia"]


def test_which_file_is_answered_by_the_name_the_text_gives_the_file():
    question = "Which file in the archive should give a short overview of the tool?"
    text = "The archive should contain a file named SYNOPSIS with a short overview of the tool: its name; its use."
    assert which_head(question, SHAPED_HEADS) == "file"
    spans = candidates(TERM, text, question)
    assert spans == ["SYNOPSIS"]
    assert grammar_marked(question, text, spans) == ["SYNOPSIS"]
    assert candidates(TERM, "Keep the old entries in a file called `OLDNOTES` at the top.",
                      "Which file keeps the old entries?") == ["OLDNOTES"]


def test_who_does_it_is_answered_by_the_role_that_does_the_verb():
    from agents.answers.actors import acting_role
    from agents.experts.retrieval import answer_from_documents
    from agents.platform.cancel import CancelToken
    from tests.fakes import MemoryLibrary, ScriptedModel
    from tests.test_agents_tools import drain

    sentence = ("Each motion is first discussed on the members list and it needs several seconds before the club "
                "secretary opens the ballot.")
    assert acting_role("Who opens the ballot after a motion gets enough seconds?", [sentence]) == "club secretary"
    assert acting_role("Who is the club secretary?", [sentence]) == ""            # the identity: only a name
    assert acting_role("Who closes the ballot?", [sentence]) == ""                # no role does that verb
    library = MemoryLibrary({"/d/club_rules.txt": [sentence + " Votes are counted by hand."]})
    _, result = drain(answer_from_documents(ScriptedModel(), library,
                                            "Who opens the ballot after a motion gets enough seconds?",
                                            cancel=CancelToken()))
    assert result.text.startswith("Club secretary [club_rules.txt"), result.text
    assert "**club secretary**" in result.text


def test_which_x_is_answered_by_the_name_whose_head_is_x():
    from agents.answers.answer_types import beside_head

    text = "Ada Lind, Northern Art Society ada@example.org Ben Roe, Saint Olaf Teaching College ben.roe@example.org"
    assert beside_head("At which college does Ben Roe teach?", text, text) == "Saint Olaf Teaching College"
    assert beside_head("Which society is Ada Lind part of?", text, text) == "Northern Art Society"


def test_a_term_marked_as_code_answers_a_which_name_question():
    question = "Which distribution do nightly builds go to?"
    assert candidates(TERM, "Nightly builds always go to `edge` first.", question) == ["edge"]


def test_when_is_answered_by_a_recurring_or_bounding_occasion():
    from agents.answers.answer_types import DATE

    question = "When should entries be added to the top of the log?"
    assert candidates(DATE, "With every new version, add entries to the top of the log.", question) == \
        ["With every new version"]
    assert candidates(DATE, "The cache must be emptied at the beginning of the start-up sequence.",
                      "When must the cache be emptied?") == ["at the beginning of the start-up sequence"]
    # a date, where there is one, still answers first
    assert candidates(DATE, "In each release since 3 May 2024, add entries at the top.", question) == ["3 May 2024"]
