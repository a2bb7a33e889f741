"""Which file names Enclave reads, by suffix: one list for the loader's dispatch, the file dialog and the
mail reader (an attachment is indexed only when its type is). Kept apart from rag.loaders so a format
module can ask without importing the dispatcher that imports it (no import cycle)."""
from __future__ import annotations

TEXT_SUFFIXES = {".txt", ".text", ".log", ".rst"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SHEET_SUFFIXES = {".xlsx", ".xlsm", ".csv", ".tsv"}
MAIL_SUFFIXES = {".eml", ".mbox", ".msg"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
SUPPORTED_SUFFIXES = (TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | SHEET_SUFFIXES | MAIL_SUFFIXES
                      | IMAGE_SUFFIXES | {".pdf", ".docx", ".pptx"})
