"""Readers who ask their system for reduced motion get no smooth scrolling and no animated
transitions (WCAG 2.3.3); others keep them."""

import pytest


@pytest.fixture
def demo(shared_demo):
    """These tests only read the demo content: the one loaded once for the session."""
    return shared_demo


STYLES = """() => {
  const button = document.querySelector('.btn');
  return {
    scroll: getComputedStyle(document.documentElement).scrollBehavior,
    transition: parseFloat(getComputedStyle(button).transitionDuration),
  };
}"""


@pytest.mark.parametrize(
    ("motion", "scroll", "moves"),
    [("no-preference", "smooth", True), ("reduce", "auto", False)],
)
def test_motion_follows_the_readers_preference(new_page, demo, motion, scroll, moves):
    page = new_page("phone")
    page.emulate_media(reduced_motion=motion)
    page.goto(demo.review.get_absolute_url())

    styles = page.evaluate(STYLES)

    assert styles["scroll"] == scroll
    # Bootstrap's buttons fade in 0.15 s; under reduced motion, in no perceptible time.
    assert (styles["transition"] >= 0.1) is moves, styles
