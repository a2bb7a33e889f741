"""Detection, placeholders and the re-check: the logic that decides what may leave."""
from __future__ import annotations

import pytest

from agents.privacy.detect import Detector
from agents.privacy.names import KnownTerms, find_names
from agents.privacy.patterns import find_patterns, iban_ok, luhn_ok
from agents.privacy.pseudonymize import PlaceholderMap
from agents.privacy.sketch import MAX_SKETCH_CHARS, make_sketch, recheck
from agents.privacy.spans import Span, merge_spans
from tests.fakes import ScriptedModel


def kinds(text: str) -> dict[str, str]:
    return {text[s.start:s.end]: s.kind for s in Detector().detect(text)}


def test_checksums() -> None:
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert iban_ok("GB82 WEST 1234 5698 7654 32") and not iban_ok("GB82 WEST 1234 5698 7654 33")


@pytest.mark.parametrize("text, value, kind", [
    ("mail me at anna.kowalska@example.org today", "anna.kowalska@example.org", "EMAIL"),
    ("my card 4111 1111 1111 1111 expired", "4111 1111 1111 1111", "CARD"),
    ("IBAN GB82 WEST 1234 5698 7654 32 please", "GB82 WEST 1234 5698 7654 32", "IBAN"),
    ("call +44 20 7946 0958 after six", "+44 20 7946 0958", "PHONE"),
    ("my SSN is 123-45-6789", "123-45-6789", "ID"),
    ("passport number X1234567 expires", "X1234567", "ID"),
    ("the server 192.168.10.24 is down", "192.168.10.24", "IP"),
    ("see https://example.com/users/jdoe/profile for it", "https://example.com/users/jdoe/profile", "URL"),
    ("I was born on 14 March 1987 in a village", "14 March 1987", "DATE"),
    ("send it to 221B Baker Street, please", "221B Baker Street", "ADDRESS"),
    ("logs under /home/jdoe/projects/x are big", "/home/jdoe/projects/x", "PATH"),
])
def test_pattern_recognizers(text: str, value: str, kind: str) -> None:
    found = kinds(text)
    assert found.get(value) == kind, found


def test_checksum_failures_are_not_cards_or_ibans() -> None:
    spans = list(find_patterns("order 4111 1111 1111 1112 and GB82 WEST 1234 5698 7654 33"))
    assert not [s for s in spans if s.kind in ("CARD", "IBAN")]


def test_plain_text_has_no_patterns() -> None:
    assert list(find_patterns("Please write a short poem about autumn leaves and rain.")) == []


def test_names_runs_and_organisations() -> None:
    text = ("Rachel Zheng is a clerk at H&R Technology. Johnny will fly to the University of Westminster "
            "next week, said Rachel.")
    found = {text[s.start:s.end]: s.kind for s in find_names(text)}
    assert found["Rachel Zheng"] == "NAME"
    assert found["H&R Technology"] == "ORG"
    assert found["University of Westminster"] == "ORG"
    assert "Johnny" in found and "Rachel" in found
    assert "Please" not in found and "next" not in found


def test_request_verbs_and_common_sentence_starts_stay() -> None:
    text = "Summarize this article. Write a haiku about the sea. Can you help me? I missed Tuesday's class."
    assert list(find_names(text)) == []


def test_known_terms_from_the_library_match_case_insensitively() -> None:
    terms = KnownTerms(["Kowalczyk Logistics", "Ilse Brandauer"])
    text = "ask kowalczyk logistics whether brandauer signed"
    matched = [text[s.start:s.end] for s in terms.find(text)]
    assert matched == ["kowalczyk logistics", "brandauer"]


def test_merge_keeps_the_longest_overlap() -> None:
    spans = [Span(0, 5, "NAME", "x"), Span(0, 12, "EMAIL", "x"), Span(20, 25, "NAME", "x")]
    assert merge_spans(spans) == [Span(0, 12, "EMAIL", "x"), Span(20, 25, "NAME", "x")]


def test_placeholders_are_stable_typed_and_restored() -> None:
    text = "Rachel Zheng emails rachel zheng at rz@example.com about Rachel Zheng."
    mapping = PlaceholderMap()
    redacted = mapping.pseudonymize(text, Detector().detect(text))
    assert "rachel" not in redacted.lower() and "rz@example.com" not in redacted
    assert redacted.count("<NAME_1>") == 3 and "<EMAIL_1>" in redacted
    reply = "Dear <NAME_1>, I wrote to [EMAIL_1]. NAME_1 agrees. <PERSON_9> is unknown."
    restored = mapping.restore(reply)
    assert restored == "Dear Rachel Zheng, I wrote to rz@example.com. Rachel Zheng agrees. <PERSON_9> is unknown."


def test_recheck_redacts_values_the_model_copied_back() -> None:
    mapping = PlaceholderMap()
    mapping.placeholder_for("Ilse Brandauer", "NAME")
    cleaned, count = recheck("Write to ilse brandauer at ib@example.com, keeping <NAME_1>.", mapping)
    assert "brandauer" not in cleaned.lower() and "ib@example.com" not in cleaned
    assert "<NAME_1>" in cleaned and "<<" not in cleaned and count == 2


def test_what_leaves_is_bounded_in_length() -> None:
    sketch = make_sketch("Please proofread my essay. " + "The weather was fine that day. " * 800, None, Detector())
    assert 15000 < len(sketch.text) <= MAX_SKETCH_CHARS + 2 and sketch.text.endswith("…")
    assert sketch.text.startswith("Please proofread my essay.")


def test_ordinary_words_at_sentence_start_and_in_labels_stay() -> None:
    text = ("Desertification harms farms. Additionally, we see desertification spread. We also hear that. "
            "Company Description: we sell shoes to Priya Raghunathan.")
    redacted = PlaceholderMap().pseudonymize(text, Detector().detect(text))
    assert "Desertification harms" in redacted and "Additionally" in redacted and "We also" in redacted
    assert "Company Description:" in redacted and "we sell shoes" in redacted
    assert "Priya" not in redacted and "Raghunathan" not in redacted


def test_lowercase_places_and_nationalities_are_found() -> None:
    text = "i run campaigns for american and singapore customers from florida, but translate them into French."
    redacted = PlaceholderMap().pseudonymize(text, Detector().detect(text))
    for place in ("american", "singapore", "florida"):
        assert place not in redacted
    assert "into French" in redacted


def test_model_layer_adds_only_names_that_occur_in_the_text() -> None:
    model = ScriptedModel([{"names": ["acme widgets", "Nonexistent Person", "x"]}])
    text = "please ask acme widgets about the refund for my order"
    redacted = PlaceholderMap().pseudonymize(text, Detector(model=model).detect(text))
    assert "acme widgets" not in redacted and "<NAME_1>" in redacted
    assert "refund" in redacted and model.calls and "acme widgets" in model.calls[0][-1]["content"]


def test_a_failing_model_layer_leaves_the_other_layers_working() -> None:
    model = ScriptedModel([{"wrong": "shape"}])   # fails schema validation like a broken model would
    text = "Email Dana Whitfield at dana@example.org"
    redacted = PlaceholderMap().pseudonymize(text, Detector(model=model).detect(text))
    assert "Whitfield" not in redacted and "dana@example.org" not in redacted


def test_a_capitalized_name_word_written_lowercase_as_an_everyday_word_is_kept() -> None:
    """Propagation hides the name's rare part everywhere but keeps the user's own lowercase everyday words."""
    text = ("Please review the plan for the Zorbex Harvest Festival next year. "
            "The harvest starts early. Rachel Zheng booked it; thank zheng.")
    found = [text[s.start:s.end] for s in Detector().detect(text)]
    assert "harvest" not in found and "Zorbex Harvest Festival" in found
    assert "zheng" in found            # a surname typed in lowercase is still the name



@pytest.mark.parametrize("text, host", [
    ("Lost task 5 (node7.cluster.t-online.pl executor 16): IOException", "node7.cluster.t-online.pl"),
    ("the mail server smtp.uni-graz.at refuses me", "smtp.uni-graz.at"),
])
def test_a_host_under_any_country_domain_is_replaced(text: str, host: str) -> None:
    assert kinds(text).get(host) == "URL", kinds(text)


@pytest.mark.parametrize("text", ["call self.model.to(device) first", "var id = Session.User.Id;",
                                  "load jquery.min.js and archive.tar.gz"])
def test_code_member_chains_are_no_hosts(text: str) -> None:
    assert "URL" not in kinds(text).values(), kinds(text)
