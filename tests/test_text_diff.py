"""Rich text as text, and its words removed and added, as the admin's history shows them."""

from core.text_diff import rich_text_as_text, word_difference


def test_rich_text_reads_as_one_line_per_heading_paragraph_and_list_item():
    html = (
        "<h2>Results</h2><p>Won &amp; <strong>kept</strong>,\n  together.</p>"
        "<ul><li>One</li><li>Two<br>lines</li></ul><p></p>"
    )

    assert rich_text_as_text(html) == "Results\nWon & kept, together.\nOne\nTwo\nlines"


def test_a_paragraph_split_in_two_shows_where_as_a_pilcrow():
    before, after = word_difference(
        "The resolution passed. States agreed.", "The resolution passed.\nStates agreed."
    )

    assert before == "The resolution passed. States agreed."
    assert "<ins>¶<br></ins>" in after
    assert after.replace(" ", "") == "Theresolutionpassed.<ins>¶<br></ins>Statesagreed."
