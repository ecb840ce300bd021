"""French puts a no-break space before : ; ! ? and inside « », so that the sign never starts
a line on its own: in the interface's catalogue and in the demo's French texts."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.test_languages import po_entries

ROOT = Path(settings.BASE_DIR)
# A sign that ends a clause (followed by a space, a tag, a quote or the end), with anything
# but a no-break space (U+00A0 or the narrow U+202F) before it. "23:59", "https://" and
# "?page=2" are not clauses and are left alone.
MISSING_SPACE = re.compile(r"(?<![\u00a0\u202f])[;:!?](?=[\s<\"»)]|$)")
GUILLEMETS = re.compile(r"«(?![\u00a0\u202f])|(?<![\u00a0\u202f])»")


def faults(text: str) -> list[str]:
    found = [*MISSING_SPACE.finditer(text), *GUILLEMETS.finditer(text)]
    return [text[max(0, m.start() - 25) : m.end() + 10] for m in found]


def test_the_check_finds_what_it_should():
    assert len(faults("Merci : votre formulaire")) == 1
    assert len(faults("Adresse e-mail: Ce champ")) == 1
    assert faults("« Bilan »") != []
    assert faults("Merci\u00a0: à 23:59, https://ishr.ch?x=1 «\u00a0Bilan\u00a0»\u202f!") == []


def test_the_french_catalogue_keeps_signs_with_their_words():
    wrong = [
        f"{entry['msgid']!r}: {fault!r}"
        for entry in po_entries(ROOT / "locale/fr/LC_MESSAGES/django.po")
        for text in entry["msgstr"]
        for fault in faults(text)
    ]
    assert wrong == []


@pytest.mark.parametrize("module", ["impact/demo_fr.py", "programmes/demo_fr.py"])
def test_the_demos_french_texts_keep_signs_with_their_words(module):
    tree = ast.parse((ROOT / module).read_text())
    # Not the module's docstring, nor the keys, which are the English texts translated.
    english = {ast.get_docstring(tree, clean=False)}
    english |= {
        key.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict)
        for key in node.keys
        if isinstance(key, ast.Constant)
    }
    texts = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value not in english
    ]
    wrong = [fault for text in texts for fault in faults(text)]
    assert wrong == []
