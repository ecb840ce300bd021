from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from .models import Edition, Programme


def published_editions():
    return Edition.objects.published().order_by("-year")


class ProgrammeListView(ListView):
    template_name = "programmes/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self):
        return Programme.objects.prefetch_related(
            Prefetch("editions", queryset=published_editions(), to_attr="public_editions")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(now=timezone.now(), **kwargs)


class ProgrammeDetailView(DetailView):
    template_name = "programmes/programme_detail.html"
    context_object_name = "programme"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Programme.objects.prefetch_related(
                Prefetch(
                    "editions",
                    queryset=published_editions().prefetch_related("components"),
                    to_attr="public_editions",
                )
            ),
            slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        editions = self.object.public_editions
        context["now"] = now
        context["current_call"] = next(
            (
                e
                for e in reversed(editions)
                if e.call_is_open(at=now) or e.call_is_upcoming(at=now)
            ),
            None,
        )
        return context


class EditionDetailView(DetailView):
    template_name = "programmes/edition_detail.html"
    context_object_name = "edition"

    def get_object(self, queryset=None):
        return get_object_or_404(
            published_editions()
            .select_related("programme")
            .prefetch_related(
                "components",
                "themes",
            ),
            programme__slug=self.kwargs["slug"],
            year=self.kwargs["year"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(now=timezone.now(), **kwargs)
