"""Rich text as readers read it, and what changed in it, word by word, for the admin's history.

The history page (core/admin.py, ``ReadableChanges``) shows a change of a rich-text field as
its text before and after: the words removed in ``<del>``, those added in ``<ins>``, with a
few unchanged words around each change and "…" for the rest. Everything is escaped here, so
text that looks like markup (``<script>`` typed as words) shows as typed.
"""

import difflib
import re
from html.parser import HTMLParser

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Elements that end a line of text: what the editor's toolbar makes (RICH_TEXT_EXTENSIONS).
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "div"}
# Unchanged words kept on each side of a change.
CONTEXT_WORDS = 6
# A removed or added run longer than this shows its first and last words around "…".
LONGEST_RUN = 40
ELLIPSIS = "…"
PILCROW = "¶"
BREAK = "\n"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag in BLOCKS:
            self.parts.append(BREAK)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.parts.append(BREAK)

    def handle_data(self, data: str) -> None:
        # A line break in the stored HTML is a space, as a browser shows it.
        self.parts.append(re.sub(r"\s", " ", data))


def rich_text_as_text(html: str) -> str:
    """The text of stored rich text: tags left out, entities read, one line per paragraph,
    heading or list item, spaces within a line collapsed, no empty lines."""
    parser = _Text()
    parser.feed(html or "")
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split(BREAK))
    return BREAK.join(line for line in lines if line)


def _words(text: str) -> list[str]:
    """Words, with each line break a word of its own."""
    return re.findall(rf"{BREAK}|[^\s]+", text)


def _html(pieces: list[str]) -> str:
    """Pieces of escaped HTML spaced as words, with no space around a line break."""
    return re.sub(r" ?<br> ?", "<br>", " ".join(pieces))


def _join(words: list[str], *, changed: bool = False) -> str:
    """`words` as escaped HTML, each line break a ``<br>``. A line break removed or added
    shows as "¶", or it would be a change nobody sees."""
    mark = PILCROW if changed else ""
    return _html([f"{mark}<br>" if word == BREAK else escape(word) for word in words])


def _shortened(words: list[str]) -> list[str]:
    if len(words) <= LONGEST_RUN:
        return words
    half = LONGEST_RUN // 2
    return [*words[:half], ELLIPSIS, *words[-half:]]


def _context(words: list[str], *, first: bool, last: bool) -> list[str]:
    """The unchanged words between two changes (or before the first, after the last),
    cut to CONTEXT_WORDS on each side of a change."""
    before = [] if first else words[:CONTEXT_WORDS]
    after = [] if last else words[-CONTEXT_WORDS:]
    if len(words) <= len(before) + len(after) + 1:
        return words
    return [*before, ELLIPSIS, *after]


def word_difference(old: str, new: str) -> tuple[SafeString, SafeString]:
    """`old` and `new` (plain text) as HTML showing what changed: the removed words in
    ``<del>`` in the first, the added ones in ``<ins>`` in the second, the unchanged words
    around them shortened, line breaks as ``<br>``. Both are empty when the words are the
    same."""
    a, b = _words(old), _words(new)
    if a == b:
        return mark_safe(""), mark_safe("")
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    before: list[str] = []
    after: list[str] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            kept = _join(_context(a[i1:i2], first=index == 0, last=index == len(opcodes) - 1))
            before.append(kept)
            after.append(kept)
            continue
        if i2 > i1:
            before.append(f"<del>{_join(_shortened(a[i1:i2]), changed=True)}</del>")
        if j2 > j1:
            after.append(f"<ins>{_join(_shortened(b[j1:j2]), changed=True)}</ins>")
    # Every word was escaped by _join; the tags around them are ours.
    return mark_safe(_html(before)), mark_safe(_html(after))
