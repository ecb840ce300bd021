from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Highlight


class HighlightFeed(Feed):
    feed_type = Atom1Feed
    title = _("ISHR: our impact")
    subtitle = _("New highlights from the International Service for Human Rights' yearly review.")
    link = reverse_lazy("impact:review-list")
    author_name = _("International Service for Human Rights")

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
