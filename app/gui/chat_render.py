"""One turn of the chat drawn into the transcript: the question and the answer as bubbles, the sources as
small chips under the answer, then notes ("(stopped)", errors, a cloud offer).

Why QTextDocument tables and not a widget per message: the transcript stays one
selectable, searchable, accessible text, and a streaming answer re-draws only its own
bubble (ChatPanel replaces the last turn's region). The answer keeps its Markdown.
"""
from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat, QTextCursor, QTextFrameFormat, QTextLength, \
    QTextTableFormat

from app.gui.answer_text import display_markdown
from app.gui.theme import Tokens

PLACEHOLDER = {"waiting": "thinking…", "streaming": "…"}


def plural(count: int, word: str, many: str | None = None) -> str:
    """"1 passage", "3 passages"."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def _bubble(cursor: QTextCursor, colour: str, border: str | None, right: bool) -> QTextCursor:
    fmt = QTextTableFormat()
    fmt.setBackground(QBrush(QColor(colour)))
    fmt.setCellPadding(9)
    fmt.setCellSpacing(0)
    fmt.setBorder(1 if border else 0)
    fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
    fmt.setBorderBrush(QBrush(QColor(border or colour)))
    fmt.setBorderCollapse(True)
    fmt.setTopMargin(8)
    fmt.setBottomMargin(2)
    fmt.setAlignment(Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft)
    if not right:
        fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 88))
    table = cursor.insertTable(1, 1, fmt)
    cell = table.cellAt(0, 0)
    cell_format = cell.format().toTableCellFormat()
    cell_format.setBackground(QBrush(QColor(colour)))
    cell.setFormat(cell_format)
    return cell.firstCursorPosition()


def _muted(tokens: Tokens, *, italic: bool = False, size: float | None = None) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QBrush(QColor(tokens.muted)))
    fmt.setFontItalic(italic)
    fmt.setFontUnderline(False)
    if size:
        fmt.setFontPointSize(size)
    return fmt


def _end(cursor: QTextCursor) -> None:
    cursor.movePosition(QTextCursor.MoveOperation.End)


def insert_turn(cursor: QTextCursor, turn: Any, index: int, tokens: Tokens) -> None:
    """Append one question and its answer at the end of the document."""
    _end(cursor)
    cell = _bubble(cursor, tokens.user_bubble, None, right=True)
    plain = QTextCharFormat()
    plain.setForeground(QBrush(QColor(tokens.text)))
    cell.insertText(turn.question, plain)
    _end(cursor)
    cell = _bubble(cursor, tokens.answer_bubble, tokens.border, right=False)
    body = turn.answer.strip()
    if body:
        cell.insertMarkdown(display_markdown(body))     # line breaks kept; quoted Markdown shown as Markdown
    elif turn.status in PLACEHOLDER:
        cell.insertText(PLACEHOLDER[turn.status], _muted(tokens, italic=True))
    if turn.status == "stopped":
        if body:
            cell.insertBlock()
        cell.insertText("(stopped)", _muted(tokens, italic=True))
    _end(cursor)
    if turn.citations:
        cursor.insertBlock()
        cursor.insertText("Sources  ", _muted(tokens, size=9))
        for number, citation in enumerate(turn.citations):
            cursor.insertHtml(f'<a href="cite:{index}/{number}" style="background-color:{tokens.chip}; '
                              f'color:{tokens.chip_text}; text-decoration:none; font-size:9pt">'
                              f'&nbsp;{html.escape(citation.label)}&nbsp;</a>')
            cursor.insertText("  ", _muted(tokens, size=9))
    if turn.note:
        cursor.insertBlock()
        cursor.insertText(turn.note, _muted(tokens, italic=True))
    if turn.offer:
        cursor.insertBlock()
        cursor.insertText(turn.offer + " ", _muted(tokens, italic=True))
        cursor.insertHtml(f'<a href="offer:{index}" style="color:{tokens.chip_text}">Ask the cloud with a redacted '
                          f'sketch</a>')
        cursor.insertText(" (you see the exact text before anything is sent)", _muted(tokens, italic=True))
    spacer = QTextCharFormat()
    spacer.setFont(QFont())
    cursor.insertBlock()
    cursor.setCharFormat(spacer)
