"""Second-round detector rules (issue 26): how personal data looks in any request, each checked both ways —
the private value is replaced, and the everyday use of the same word is left alone."""
from __future__ import annotations

import pytest

from agents.privacy.detect import Detector
from agents.privacy.sketch import make_sketch


def sent(text: str) -> str:
    """The text that would leave: the redacted request (no local model)."""
    return make_sketch(text, None, Detector()).text


@pytest.mark.parametrize("text, name", [
    ("Harry asked me to move the meeting to Friday. Write him a polite reply.", "Harry"),
    ("Help me answer this with yes: Mike we need to show this picture today.", "Mike"),
    ("Grace, our new intern, starts on Monday. Draft a welcome message.", "Grace"),
])
def test_a_listed_first_name_opening_a_sentence_is_replaced(text: str, name: str) -> None:
    out = sent(text)
    assert name not in out and "<" in out, out


@pytest.mark.parametrize("text, word", [
    ("Mark the dates in this plan that fall on a weekend.", "Mark"),
    ("Grace periods on loans: explain how a grace period works.", "Grace"),   # also written lowercase
    ("In June the prices rise; summarize why.", "June"),
])
def test_a_first_name_used_as_an_everyday_word_stays(text: str, word: str) -> None:
    assert word in sent(text)


def test_a_lowercase_full_name_from_the_name_list_is_replaced() -> None:
    out = sent("please fix the grammar: yesterday me and kevin walsh went to the office to sign the contract.")
    assert "kevin" not in out and "walsh" not in out
    assert "fix the grammar" in out and "contract" in out


def test_a_word_in_another_script_inside_an_english_request_is_replaced() -> None:
    out = sent("Write a thank-you note to 王芳 for covering my shifts last week.")
    assert "王芳" not in out and "thank-you note" in out and "shifts" in out


def test_a_foreign_word_that_is_the_task_stays() -> None:
    out = sent("Translate the Japanese word ありがとう into English and explain when it is used.")
    assert "ありがとう" in out


def test_a_request_in_another_script_is_not_redacted_word_by_word() -> None:
    text = "请把这段话翻译成英文：我们下周开会讨论预算。"
    assert sent(text) == text


def test_websocket_and_ftp_urls_with_a_path_are_replaced() -> None:
    out = sent("My client connects to wss://chat.lindqvist-home.net/ws/erik and ftp://files.example.org/u/erik.")
    assert "erik" not in out and "lindqvist" not in out and "<URL_1>" in out


def test_an_organization_of_common_words_after_at_is_replaced_by_its_head_word() -> None:
    out = sent("Why has she been successful in her career so far at excel systems?")
    assert "excel systems" not in out and "career" in out


def test_a_head_word_in_an_ordinary_phrase_stays() -> None:
    out = sent("Compare operating systems and file systems for an old laptop.")
    assert "operating systems" in out and "file systems" in out


def test_a_lone_common_word_capitalized_for_emphasis_stays() -> None:
    out = sent("Write an email asking the Support team to renew my Business account before the Money runs out.")
    assert "Support" in out and "Business" in out and "Money" in out


def test_a_lone_capitalized_word_of_middling_frequency_is_a_name() -> None:
    out = sent("My card from Capital was blocked abroad; write a complaint asking them to unblock it.")   # zipf 5.0
    assert "Capital" not in out and "unblock" in out


def test_a_run_of_capitalized_common_words_is_still_a_name() -> None:
    out = sent("Write a complaint letter about a loan I took from National Bank last spring.")
    assert "National Bank" not in out and "complaint letter" in out


def test_a_korean_full_name_is_replaced() -> None:
    out = sent("작성자: 김승일 | 이 회의록을 요약해 주세요.")
    assert "김승일" not in out and "요약해" in out


def test_korean_words_with_an_ending_are_not_taken_for_names() -> None:
    text = "이 모델이 좋은 이유를 설명해 주세요."
    assert sent(text) == text


def test_a_number_joined_to_english_words_is_a_quantity_not_an_identifier() -> None:
    out = sent("Plan a 12-month savings schedule for my 18-year-old son; my ticket is ZX-88213-QA.")
    assert "12-month" in out and "18-year-old" in out and "88213" not in out


@pytest.mark.parametrize("text, private", [
    ("write a complaint to telstra about my internet being cut off for a week", "telstra"),
    ("please write an email to ravindra asking for the signed invoice by friday", "ravindra"),
])
def test_the_addressee_of_a_message_is_replaced_even_in_lowercase(text: str, private: str) -> None:
    out = sent(text)
    assert private not in out.lower(), out
    assert "write" in out and ("invoice" in out or "internet" in out), out


@pytest.mark.parametrize("text, kept", [
    ("write a letter to landlord about the broken heater", "landlord"),
    ("Write an email to Ms. Okonkwo thanking her for the interview.", "Ms."),
])
def test_an_everyday_addressee_and_a_title_stay(text: str, kept: str) -> None:
    out = sent(text)
    assert kept in out and "Okonkwo" not in out, out
