"""Third-round rules (issue 26, content kept): code identifiers and misspellings are task text, not personal data,
while names beside them are still replaced; and the detector works where a language list is missing."""
from __future__ import annotations

import pytest

from agents.privacy import hangul, names
from agents.privacy.detect import Detector
from agents.privacy.sketch import make_sketch


def sent(text: str) -> str:
    """The text that would leave: the redacted request (no local model)."""
    return make_sketch(text, None, Detector()).text


def test_code_identifiers_stay_and_the_name_in_the_request_goes() -> None:
    out = sent("Rachel Zheng wrote this and it fails: const li = document.createElement('li'); "
               "li.textContent = msg; list.appendChild(li); li.classList.add('done'); const s = JSON.stringify(data);")
    for word in ("createElement", "textContent", "appendChild", "classList", "stringify"):
        assert word in out, (word, out)
    assert "Rachel" not in out and "Zheng" not in out


def test_a_long_compound_identifier_naming_a_project_class_stays_private() -> None:
    out = sent("why does this crash: addNewDocumentBufferWindow w = new addNewDocumentBufferWindow(); w.ShowDialog();")
    assert "addNewDocumentBufferWindow" not in out, out


def test_a_lowercase_camel_case_username_stays_private() -> None:
    assert "johnWalsh" not in sent("my login johnWalsh stopped working, write a ticket to support about it")


@pytest.mark.parametrize("text, word", [
    ("please fix the gramamr of this paragraph about our team meeting", "gramamr"),
    ("i wnat a short poem about the sea, and the provied words must rhyme", "provied"),
    ("rewrite these wrds so they sound formal: we cant come tomorrow", "wrds"),
])
def test_a_misspelled_common_word_is_kept(text: str, word: str) -> None:
    assert word in sent(text)


def test_a_misspelled_name_stays_private() -> None:
    """ "jhonny" is one edit from a listed first name: a name's variant, not a typo."""
    out = sent("write a birthday message for my friend jhonny who turns thirty on friday")
    assert "jhonny" not in out and "birthday message" in out


def test_the_detector_works_without_other_language_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app bundle ships wordfreq's English list only: asking for French must not break redaction."""
    import wordfreq

    real = wordfreq.zipf_frequency

    def english_only(word: str, lang: str, *args: object, **kwargs: object) -> float:
        if lang != "en":
            raise LookupError(f"No wordlist 'best' available for language {lang!r}")
        return real(word, lang, *args, **kwargs)

    monkeypatch.setattr(wordfreq, "zipf_frequency", english_only)
    assert names.ordinary_elsewhere("bonjour") is False
    out = sent("my name is tomasz and i run a small bakery. write an instagram caption for our rye bread.")
    assert "tomasz" not in out and "instagram caption" in out


def test_korean_names_rule_is_off_without_the_korean_list(monkeypatch: pytest.MonkeyPatch) -> None:
    import wordfreq

    def missing(lang: str, *args: object, **kwargs: object) -> dict[str, float]:
        raise LookupError(lang)

    monkeypatch.setattr(wordfreq, "get_frequency_dict", missing)
    hangul._korean.cache_clear()
    try:
        assert list(hangul.find_korean_names("김승일 선생님께 보낼 이메일을 써 주세요")) == []
    finally:
        hangul._korean.cache_clear()


@pytest.mark.parametrize("text, word", [
    ("Luckily the train was on time. Write a short story about a commuter who nearly missed it.", "Luckily"),
    ("Exploring caves is my hobby. Suggest five safety rules for beginners.", "Exploring"),
    ("Motivated students learn faster. Give me three arguments for this claim.", "Motivated"),
])
def test_an_opening_word_with_an_english_ending_is_kept(text: str, word: str) -> None:
    assert word in sent(text)


def test_a_surname_with_an_english_ending_opening_a_sentence_stays_private() -> None:
    out = sent("Fleming called me about the invoice. Write him a polite reply asking for one more week.")
    assert "Fleming" not in out and "polite reply" in out


def test_a_name_repeated_in_an_email_address_is_still_a_name() -> None:
    """A lowercase word inside an address ("legal@brightwave.com") does not make "Brightwave" an everyday word."""
    out = sent("Brightwave sent the contract yesterday. Ask them at legal@brightwave.com whether the deadline can move.")
    assert "brightwave" not in out.lower() and "deadline" in out


def test_a_hyphenated_handle_with_a_rare_part_is_replaced_and_common_compounds_stay() -> None:
    out = sent("the script prints Author : by-zqwerty and then crashes; fix the low-income filter in it")
    assert "zqwerty" not in out and "low-income" in out and "crashes" in out


@pytest.mark.parametrize("text, word", [
    ("Indexes are slow on our orders table. Rachel Zheng asked me to explain why, please help.", "Indexes"),
    ("Tenders:\n- office cleaning for Rachel Zheng\nwrite a summary of the list above", "Tenders"),
    ("we finally Launched the beta for Rachel Zheng last week, write a short announcement", "Launched"),
])
def test_a_capitalized_inflection_of_a_common_word_is_kept_and_the_name_goes(text: str, word: str) -> None:
    """Round 7: names are not inflected; a plural or verb form of a common word is the task's word."""
    out = sent(text)
    assert word in out, out
    assert "Zheng" not in out


def test_a_plural_standing_alone_mid_sentence_stays_private() -> None:
    """Companies and teams are named with plurals: the inflection rule leaves them mid-sentence."""
    assert "Aces" not in sent("i want to write a letter to Aces management about my mother who is sick")


def test_an_inflection_whose_dictionary_form_is_a_proper_noun_stays_private() -> None:
    from agents.privacy.ordinary import inflected_word
    assert not inflected_word("Latinos") and inflected_word("Indexes")


@pytest.mark.parametrize("text, word", [
    ("Participate in meetings.\nEscalate the issues to Rachel Zheng when needed. rewrite this resume line", "Escalate"),
    ("Upload your files to the shared drive Rachel Zheng set up, then write me a reminder", "Upload"),
])
def test_an_opening_verb_before_a_determiner_is_kept_and_the_name_goes(text: str, word: str) -> None:
    """Round 7: a sentence-opening dictionary word before "the"/"your" is an imperative, not a name."""
    out = sent(text)
    assert word in out, out
    assert "Zheng" not in out


def test_an_opening_name_before_a_determiner_stays_private() -> None:
    """A word the dictionary does not know ("Payoneer") is no imperative verb even before "the"."""
    assert "Payoneer" not in sent("Payoneer the payment company blocked my account, write a complaint")


@pytest.mark.parametrize("word", ["photocopiers", "localizations", "mentees", "rerunning"])
def test_a_rare_lowercase_inflection_of_a_dictionary_word_is_kept_and_the_handle_goes(word: str) -> None:
    """Round 8: a rare lowercase word the English dictionary reads as an inflection of its own word is the
    language's (names are not inflected); a rare word it does not know stays a private TERM."""
    out = sent(f"Please explain why the {word} matter here; ask kwentrix about it.")
    assert word in out, out
    assert "kwentrix" not in out


def test_a_lowercase_surname_in_plural_stays_private() -> None:
    from agents.privacy.ordinary import inflected_term
    assert not inflected_term("smiths") and not inflected_term("kwentrixes") and inflected_term("photocopiers")


@pytest.mark.parametrize("text, words", [
    ("Draw one of these for the team game: Chess, Puppet, Sleep, Cliff, Sweater. Rachel Zheng keeps score.",
     ["Chess", "Puppet", "Sleep", "Cliff", "Sweater"]),
    ("The studio makes Designs, Flyers, Shorts and trailers; write a bio for Rachel Zheng.", ["Designs", "Flyers", "Shorts"]),
])
def test_common_words_in_a_capitalized_list_are_kept_and_the_name_goes(text: str, words: list[str]) -> None:
    """Round 9: in a list of one-word items the capital marks the item's start, as a sentence's; a common
    dictionary word there is no name."""
    out = sent(text)
    assert all(w in out for w in words), out
    assert "Zheng" not in out


@pytest.mark.parametrize("text, private", [
    ("Offices in Noida, Chess, Puppet and Sleep towns need a poster.", "Noida"),       # rare: private
    ("Invite Kevin, Chess, Puppet, Sleep to the review.", "Kevin"),                     # a listed first name
    # an item of two words (a company named with common words)
    ("We would like to ship our winter boxes to Solid Rock, Chess, Puppet, Sleep before the holidays.", "Solid Rock"),
    ("Two items only: Chess, Puppet is no list.", "Chess"),                              # fewer than three items
    # a common word among mostly unknown items: a list of names (products, companies), so a name too
    ("For the videos I used the tools Zorblat, Quenvix, Harbor, Trandor and my own laptop.", "Harbor"),
])
def test_a_rare_listed_or_multiword_item_or_a_short_list_stays_private(text: str, private: str) -> None:
    assert private not in sent(text)
