"""Two measuring tools of the answer benchmarks: the per-reading count (bench/realdocs.py --readings) and the model's
likelihood of a continuation (bench/question_likelihood.py). Their figures are reported in the README, so a wrong
parse or a wrong log-probability must fail here."""
from __future__ import annotations

import pytest

from bench.realdocs import print_readings, reading

NEAREST = ("term question, 'tag' and the question in pkgs.html § 5.8.3. Bug housekeeping ¶, the term nearest to the "
           "question's words in the best sentence; quote from pkgs.html § 5.8.3. Bug housekeeping ¶")
CHOSEN = "term question, covers 74% of the question, model chose among 6 term candidates; quote from a.pdf p.3"
MEANS = ("what question, 'sent', the means after the question's own passive (via, by, through ...); quote from b.html")


def test_the_reading_is_the_summary_s_last_clause_outside_parentheses_with_numbers_as_n():
    assert reading(NEAREST) == "the term nearest to the question's words in the best sentence"
    assert reading(CHOSEN) == "model chose among N term candidates"
    assert reading(MEANS) == "the means after the question's own passive (via, by, through ...)"


def test_readings_count_right_in_quote_and_miss_and_leave_refusals_and_absent_facts_out(capsys):
    def row(how, line=False, quote=False, refused=False, absent=False):
        return {"absent": absent, "enclave": {"how": [how], "line": line, "quote": quote, "refused": refused}}

    rows = [row(NEAREST, line=True, quote=True), row(NEAREST, quote=True), row(NEAREST), row(CHOSEN, line=True),
            row(CHOSEN, refused=True), row(CHOSEN, absent=True)]
    print_readings(rows)
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[:3] == ["1", "1", "1"] and lines[1].endswith("in the best sentence")
    assert lines[2].split()[:3] == ["1", "0", "0"] and lines[2].endswith("model chose among N term candidates")
    assert len(lines) == 3


@pytest.mark.model
def test_continuations_read_after_one_cached_lead_score_as_if_each_were_read_alone():
    from agents.engine.model_source import embedded_model_path
    from bench.question_likelihood import ContinuationLikelihood

    scorer = ContinuationLikelihood(embedded_model_path(), threads=2)
    try:
        lead = ("Passage: The tenant must give the landlord two months' written notice before leaving.\n"
                "Question: How much notice must the tenant give?\nAnswer:")
        spans = [" two months' written notice", " a gas stove and a dishwasher"]
        together = scorer.scores(lead, spans)
        alone = [scorer.scores(lead, [span])[0] for span in spans]
        assert together == pytest.approx(alone, abs=1e-6)
        assert all(v < 0 for v in together)            # mean log-probabilities per token
        assert together[0] > together[1]               # the answer the passage gives is the likelier one
    finally:
        scorer.close()
