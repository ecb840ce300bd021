"""Text written into CSV files that people open in a spreadsheet: the applications' export
(programmes/exports.py) and the impact review's open data (impact/open_data.py)."""

import re
import unicodedata

# A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula. It may begin a
# cell not only where the file does, but after any character it can be told to split on: a
# comma, a semicolon (the separator of French, German and Swiss spreadsheets), a tab, a line
# break or another control character; and before reading a cell it may drop spaces and the
# quotes around a field. Each such trigger gets an apostrophe, which spreadsheets show as text.
# A space or a custom separator chosen on import is not covered: the text of every answer
# would bristle with apostrophes.
_SEPARATORS = ",;\x00-\x1f\x7f-\x9f\u2028\u2029"
_EXPOSED_TRIGGER = re.compile(rf'(^|[{_SEPARATORS}])([\s"{_SEPARATORS}]*+)(?=[=+\-@])')
_CONTROL = {"Cc", "Zl", "Zp"}

# Written first, so that Excel reads the file as UTF-8 rather than in the computer's own
# code page (which turns "Genève" into "GenÃ¨ve"); other spreadsheets and Python's
# "utf-8-sig" skip it.
BYTE_ORDER_MARK = "\ufeff"


def defuse(text: str) -> str:
    """`text` as a cell that no spreadsheet runs as a formula, however it splits the line.

    A cell that begins with a control character (a tab, a line break) gets an apostrophe
    too, as OWASP advises: a spreadsheet may drop it and read on.
    """
    text = _EXPOSED_TRIGGER.sub(r"\1\2'", text)
    if text and unicodedata.category(text[0]) in _CONTROL:
        text = f"'{text}"
    return text
