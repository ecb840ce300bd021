from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Stylesheet
from django.utils.translation import gettext_lazy as _
from django.utils.xmlutils import SimplerXMLGenerator

from .models import Highlight


class StyledAtom1Feed(Atom1Feed):
    """An Atom feed that names its stylesheets, as Django 5.2 does for RSS feeds only
    (`RssFeed.add_stylesheets`): a reader who opens it in a browser sees a page saying what
    a feed is, not raw XML. `write()` is Atom1Feed's own (Django 5.2), with the processing
    instructions before the root element, where they must be.

    Served as `application/xml`: browsers show `application/atom+xml` as plain text and
    apply no stylesheet to it. Feed readers read the content, and pages announce the feed
    as Atom in their `<link rel="alternate">`."""

    content_type = "application/xml; charset=utf-8"

    def write(self, outfile: Any, encoding: str) -> None:
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", str(stylesheet))
        # A dict, as Django's own Atom1Feed.write passes it; the stubs ask for AttributesImpl.
        handler.startElement("feed", self.root_attributes())  # type: ignore[arg-type]
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


class HighlightFeed(Feed):
    """The newest highlights. Its addresses are absolute on `SITE_URL` (Django would prefix
    the request's host to a path): the feed is the same whatever host it was asked through,
    as the page cache needs. Its stylesheet is named by path, on the host it was asked
    through: a browser applies only a stylesheet from the feed's own origin."""

    feed_type = StyledAtom1Feed
    title = _("ISHR: our impact")
    subtitle = _("New highlights from the International Service for Human Rights' yearly review.")
    author_name = _("International Service for Human Rights")

    def stylesheets(self):
        return [Stylesheet(reverse("impact:feed-stylesheet"), mimetype="text/xsl")]

    def link(self):
        return settings.SITE_URL + reverse("impact:review-list")

    def feed_url(self):
        return settings.SITE_URL + reverse("impact:feed")

    def item_link(self, item):
        return settings.SITE_URL + item.get_absolute_url()

    def items(self):
        return Highlight.objects.published().select_related("review").order_by("-publish_at")[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_kind_display()]
