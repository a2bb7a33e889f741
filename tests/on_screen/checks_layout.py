"""What is on screen, with the fake core: Stop stays put, the chat follows the newest answer, the tray popup
shows a whole answer, the panes keep their widths. Run by tests/test_gui_on_screen.py under Xvfb (xcb)."""
from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from agents.events import Progress
from tests.gui_fakes import QT_WARNINGS_FAIL, FakeCore, ask, make_app  # noqa: F401 - fixture
from tests.on_screen.screen import last_visible, on_screen

pytestmark = QT_WARNINGS_FAIL

LONG_STEP = ("What is the notice period for ending the tenancy, and when will the landlord return the security "
             "deposit after the tenancy ends?")        # a planner step is shown as the chat's status
ANSWER = ("Two (2) months [rental_contract.pdf p.3]\nFrom rental_contract.pdf p.3: \"Either party may end the "
          "tenancy by giving two (2) months' written notice. The Landlord will return the deposit within ten days "
          "of the end of the tenancy.\"")


def test_the_platform_is_a_real_x_server():
    assert QGuiApplication.platformName() == "xcb"


def test_stop_and_regenerate_stay_under_the_pointer_while_an_answer_streams(qtbot, make_app, tmp_path):
    core = FakeCore(answer=" ".join(["word"] * 60), sources=[(str(tmp_path / "lease.pdf"), 3, "notice")])
    core.token_delay = 0.03
    core.events_before_answer = [Progress(1, 3, LONG_STEP)]
    enclave = make_app(core)
    window = enclave.window
    qtbot.waitExposed(window)
    ask(qtbot, enclave, "first question")
    chat = window.chat
    before = {"stop": on_screen(chat.stop_button), "regenerate": on_screen(chat.regenerate_button)}
    chat.input.setPlainText("What is the notice period, and when is the deposit returned?")
    chat.send_button.click()
    seen = []
    qtbot.waitUntil(lambda: chat.turns[-1].status == "streaming", timeout=10_000)
    while window.session.busy:
        seen.append((chat.status.text(), on_screen(chat.stop_button), on_screen(chat.regenerate_button)))
        qtbot.wait(40)
    assert any(LONG_STEP in text for text, _s, _r in seen), [t for t, _s, _r in seen][:3]
    for text, stop, regenerate in seen:
        assert (stop, regenerate) == (before["stop"], before["regenerate"]), text
    assert on_screen(chat.stop_button) == before["stop"]


def test_the_chat_scrolls_to_each_new_answer_even_after_reading_an_old_one(qtbot, make_app):
    core = FakeCore(answer=" ".join(f"line{n} of the answer, with words enough to wrap." for n in range(12)))
    enclave = make_app(core)
    window = enclave.window
    qtbot.waitExposed(window)
    bar = window.chat.transcript.verticalScrollBar()
    for number in range(5):
        if number == 3:
            bar.setValue(0)                       # the user scrolls up to read an earlier answer, then asks again
        ask(qtbot, enclave, f"question {number}")
        qtbot.wait(150)                           # the document's layout and the scroll range settle
        assert bar.maximum() > 0 or number == 0
        assert bar.value() == bar.maximum(), f"question {number}: at {bar.value()} of {bar.maximum()}"
        assert last_visible(window.chat.transcript, "line11"), f"question {number}: the answer's end is off screen"


def test_scrolling_up_while_an_answer_streams_is_not_undone(qtbot, make_app):
    core = FakeCore(answer=" ".join(f"line{n} of the answer, with words enough to wrap." for n in range(12)))
    enclave = make_app(core)
    window = enclave.window
    qtbot.waitExposed(window)
    for number in range(3):
        ask(qtbot, enclave, f"question {number}")
    core.token_delay = 0.02
    window.chat.input.setPlainText("one more")
    window.chat.send_button.click()
    bar = window.chat.transcript.verticalScrollBar()
    qtbot.waitUntil(lambda: window.chat.turns[-1].status == "streaming", timeout=10_000)
    bar.setValue(0)                               # the user goes back to read the first answer
    qtbot.waitUntil(lambda: not window.session.busy, timeout=20_000)
    qtbot.wait(150)
    assert bar.value() == 0 < bar.maximum()


def test_the_tray_popup_shows_an_answer_with_its_quote_and_sources_without_scrolling(qtbot, make_app, tmp_path):
    core = FakeCore(answer=ANSWER, sources=[(str(tmp_path / "rental_contract.pdf"), 3, "Either party may end the "
                                             "tenancy by giving two (2) months' written notice.")])
    enclave = make_app(core)
    popup = enclave.popup
    popup.popup()
    qtbot.waitExposed(popup)
    popup.panel.input.setPlainText("What is the notice period for ending the tenancy?")
    popup.panel.send_button.click()
    qtbot.waitUntil(lambda: not popup.session.busy, timeout=10_000)
    qtbot.wait(150)
    transcript = popup.panel.transcript
    assert "ten days of the end of the tenancy" in transcript.toPlainText()
    assert transcript.verticalScrollBar().maximum() == 0, "the answer box needs scrolling"
    assert popup.sources.list.count() == 1 and popup.sources.list.isVisible()
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert screen.contains(popup.frameGeometry())


def test_the_panes_keep_their_widths_from_one_screen_to_the_next(qtbot, make_app, tmp_path):
    notes = tmp_path / "a very long file name of a programme for the harbor lights festival.md"
    notes.write_text("# Harbor Lights\n\nThe festival opens on 14 August.\n")
    core = FakeCore(answer=ANSWER, sources=[(str(notes), 1, "The festival opens on 14 August.")])
    core.events_before_answer = [Progress(1, 3, LONG_STEP)]
    enclave = make_app(core)
    window = enclave.window
    qtbot.waitExposed(window)
    split = window.centralWidget()
    widths = split.sizes()
    steps = []

    def step(name):
        qtbot.wait(120)
        steps.append((name, split.sizes()))

    enclave.indexer.add([str(notes)])
    qtbot.waitUntil(lambda: not enclave.indexer.running and bool(enclave.indexer.documents), timeout=10_000)
    step("documents indexed (example questions)")
    for tab in (window.library, window.preview, window.sources):
        window.side_tabs.setCurrentWidget(tab)
        step(f"tab {type(tab).__name__}")
    window.chat.input.setPlainText("When does the festival open?")
    window.chat.send_button.click()
    qtbot.waitUntil(lambda: not window.session.busy, timeout=10_000)
    step("answered")
    window.show_preview(window.chat.turns[-1].citations[0])
    qtbot.waitUntil(lambda: window.preview.preview is not None or "Cannot" in window.preview.status.text(),
                    timeout=20_000)
    step("preview shown")
    window.new_chat_action.trigger()
    step("new chat")
    for name, sizes in steps:
        assert sizes == widths, f"{name}: {sizes} != {widths}"


def test_pane_widths_the_user_set_come_back_next_time(qtbot, make_app):
    enclave = make_app(FakeCore())
    window = enclave.window
    qtbot.waitExposed(window)
    split = window.centralWidget()
    total = sum(split.sizes())
    split.setSizes([200, total - 200 - 500, 500])
    chosen = split.sizes()
    window.window_state.save(window)
    window.hide()
    again = make_app(FakeCore())
    again.window.resize(window.size())
    qtbot.waitExposed(again.window)
    assert again.window.centralWidget().sizes() == chosen
