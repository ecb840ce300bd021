from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Highlight


class HighlightFeed(Feed):
    """The newest highlights. Its addresses are absolute on `SITE_URL` (Django would prefix
    the request's host to a path): the feed is the same whatever host it was asked through,
    as the page cache needs."""

    feed_type = Atom1Feed
    title = _("ISHR: our impact")
    subtitle = _("New highlights from the International Service for Human Rights' yearly review.")
    author_name = _("International Service for Human Rights")

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
