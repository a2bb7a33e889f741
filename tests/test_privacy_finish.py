"""The local finish keeps the cloud's content and invents nothing; otherwise the restored reply is shown."""
from __future__ import annotations

from agents.privacy.finish import FROM_CLOUD, check_finish, finished_answer, invented_facts

REQUEST = ("My name is Joanna Whitfield and my card 4111 1111 1111 1111 was charged twice by Northwind Traders "
           "in Leeds; draft a complaint email.")
REPLY = ("1. State that your card 4111 1111 1111 1111 was charged twice by Northwind Traders.\n"
         "2. Give the dates and amounts of both charges.\n3. Ask for a refund of the duplicate charge.\n"
         "4. Sign as Joanna Whitfield.")


def test_an_inventing_rewrite_is_replaced_by_the_restored_reply():
    rewrite = ("To inform you of a recent incident involving Northwind Traders in Leeds, where a draft email was sent "
               "twice by the company's website to a customer account without their consent on 17 May.")
    text, check = finished_answer(rewrite, REPLY, [REQUEST])
    assert not check.accepted and check.kept < 0.9 and "17" in check.invented
    assert text.startswith(FROM_CLOUD) and "charged twice" in text and "4111 1111 1111 1111" in text
    assert "website" not in text


def test_a_faithful_rewrite_is_kept():
    rewrite = ("Dear Northwind Traders,\nMy card 4111 1111 1111 1111 was charged twice. Please give the dates and "
               "amounts of both charges and refund the duplicate charge. I state this and sign below.\nJoanna Whitfield")
    check = check_finish(rewrite, REPLY, [REQUEST])
    assert check.accepted, check
    text, _ = finished_answer(rewrite, REPLY, [REQUEST])
    assert text.endswith("Joanna Whitfield") and text.startswith(FROM_CLOUD)


def test_invented_numbers_and_names_are_found():
    assert invented_facts("Pay 1,050 to Acme Holdings", ["rent 1050 per month"]) == ("Acme Holdings",)
    assert invented_facts("Refund 20 GBP", ["refund 25 GBP"]) == ("20",)
