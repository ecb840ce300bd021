from collections import Counter
from collections.abc import Mapping
from typing import Any, cast

from django.conf import settings
from django.db.models import Count, Q, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header, urlencode
from django.views.generic import DetailView, ListView
from django_countries import countries

from core.page_cache import public_page
from programmes.models import Edition

from . import charts, open_data, pdf, selectors, world_map
from .forms import HighlightFilterForm
from .models import AnnualReview, Highlight, PublicationState


def open_calls() -> QuerySet[Edition]:
    return Edition.objects.open_calls().select_related("programme").order_by("call_closes")


@public_page
def home(request: HttpRequest) -> HttpResponse:
    review = AnnualReview.objects.published().order_by("-year").first()
    highlights = []
    if review:
        selectors.show_key_figures(review)
        highlights = selectors.review_highlights(review, limit=3)
    return render(
        request,
        "impact/home.html",
        {"review": review, "highlights": highlights, "open_calls": list(open_calls())},
    )


@method_decorator(public_page, name="dispatch")
class ReviewListView(ListView):
    template_name = "impact/review_list.html"
    context_object_name = "reviews"

    def get_queryset(self) -> QuerySet[AnnualReview]:
        now = timezone.now()
        published = Q(
            highlights__state=PublicationState.PUBLISHED, highlights__publish_at__lte=now
        )
        return (
            AnnualReview.objects.published(at=now)
            .annotate(highlight_count=Count("highlights", filter=published))
            .order_by("-year")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["chart"] = charts.lay_out(selectors.figures_over_the_years())
        return context


# The query string of the review page's filters, which highlight pages reached through them
# keep (in the same order, so that the addresses they link to are the ones the cache stores).
FILTERS = tuple(HighlightFilterForm.base_fields)


@method_decorator(public_page(query=FILTERS), name="dispatch")
class ReviewDetailView(DetailView):
    template_name = "impact/review_detail.html"
    context_object_name = "review"

    def get_object(self, queryset: QuerySet[AnnualReview] | None = None) -> AnnualReview:
        review = get_object_or_404(AnnualReview.objects.published(), year=self.kwargs["year"])
        selectors.show_key_figures(review)
        return review

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        highlights = selectors.review_highlights(self.object)
        context.update(
            review_page(highlights, self.request.GET),
            open_calls=list(open_calls()),
            world_map=review_map(self.object, highlights),
        )
        return context

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **response_kwargs)
        # A filter value outside the choices (a typo, a probe) is ignored on the page, and
        # such a page is not cached: there is no end to the values one can type.
        # An attribute of our own on the response, read by core.page_cache.
        response.public_page = not context["filter_form"].errors  # type: ignore[attr-defined]
        return response


def review_map(review: AnnualReview, highlights: list[Highlight]) -> world_map.MapContext:
    """The review's countries on the map, each linked to the review filtered by it."""
    address = review.get_absolute_url()
    counts = world_map.country_counts(highlights)
    return world_map.map_context(
        world_map.marked_countries(
            counts, url=lambda code: f"{address}?{urlencode({'country': code})}#results"
        )
    )


def review_page(highlights: list[Highlight], query: QueryDict | dict[str, str]) -> dict[str, Any]:
    """The review page's highlights: filtered by `query`, or as stories and awards."""
    form = HighlightFilterForm(query, highlights=highlights)
    filters = form.active_filters()
    context = {
        "filter_form": form,
        "filters": filters,
        # Carried to the highlights' pages, whose previous and next stay within the filter.
        "filter_query": urlencode(filters),
        "highlights": selectors.filter_highlights(highlights, filters),
        "total_highlights": len(highlights),
    }
    if not filters:
        context["stories"] = [h for h in highlights if h.kind != Highlight.Kind.RECOGNITION]
        context["awards"] = [h for h in highlights if h.kind == Highlight.Kind.RECOGNITION]
    return context


@method_decorator(public_page(query=FILTERS), name="dispatch")
class HighlightDetailView(DetailView):
    template_name = "impact/highlight_detail.html"
    context_object_name = "highlight"

    def get_object(self, queryset: QuerySet[Highlight] | None = None) -> Highlight:
        queryset = (
            Highlight.objects.published()
            .select_related("review")
            .prefetch_related("themes", "sources")
        )
        return get_object_or_404(
            queryset, review__year=self.kwargs["year"], slug=self.kwargs["slug"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.request.GET:
            context["neighbours"] = selectors.neighbours(self.object)
            return context
        # Reached through the review's filters: previous and next stay among the highlights
        # that match them, and a link leads back to that list. The review's highlights are
        # loaded (two queries) for the filter's choices, as on the review page.
        highlights = selectors.review_highlights(self.object.review)
        form = HighlightFilterForm(self.request.GET, highlights=highlights)
        filters = form.active_filters()
        matching = selectors.filter_highlights(highlights, filters)
        if not filters or self.object.pk not in {h.pk for h in matching}:
            filters, matching = {}, highlights  # a filter this highlight is outside of
        context.update(
            filter_form=form,
            filters=filters,
            filter_query=urlencode(filters),
            filter_labels=[form.label(name, value) for name, value in filters.items()],
            matching=matching,
            position=[h.pk for h in matching].index(self.object.pk) + 1,
            neighbours=selectors.neighbours(self.object, among=matching),
        )
        return context

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **response_kwargs)
        # As on the review page: a filter value outside the choices is ignored, and not stored.
        form = context.get("filter_form")
        # An attribute of our own on the response, read by core.page_cache.
        response.public_page = form is None or not form.errors  # type: ignore[attr-defined]
        return response


@public_page
def country_list(request: HttpRequest) -> HttpResponse:
    """Every country that published highlights name, across all reviews: the map and a list."""
    counts = selectors.published_country_counts()
    marked = world_map.marked_countries(
        counts, url=lambda code: reverse("impact:country", kwargs={"code": code.lower()})
    )
    return render(
        request,
        "impact/country_list.html",
        {"world_map": world_map.map_context(marked)},
    )


@public_page
def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Every published highlight that names one country, newest review first.

    The address takes the code in lower case (`/impact/countries/ve/`); upper case is sent
    there. An unknown code, or a country no published highlight names, is not found.
    """
    if code != code.lower():
        return redirect("impact:country", code=code.lower(), permanent=True)
    upper = code.upper()
    if upper not in countries:
        raise Http404
    highlights = selectors.country_highlights(upper)
    if not highlights:
        raise Http404
    country = world_map.marked_countries(
        Counter({upper: len(highlights)}), url=lambda _code: request.path
    )[0]
    return render(
        request,
        "impact/country_detail.html",
        {
            "country": country,
            "highlights": highlights,
            "world_map": world_map.map_context([country]),
        },
    )


@public_page
def review_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The review as a PDF, drawn from what its page shows (published only).

    Drawing takes a second or more, so it is done once per change, whatever the address,
    by the task worker (`pdf.drawn_once`); the page cache then keeps the PDF until staff
    save anything the review shows. A query string is sent to the one address the cache
    stores. A reader who asks while the drawing takes too long gets a 503 that asks to come
    back.
    """
    if request.GET:
        return redirect(request.path)
    review = get_object_or_404(AnnualReview.objects.published(), year=year)
    # On SITE_URL, not the request's host: the PDF is the same whatever host it was asked
    # through, so that it is drawn once.
    page_url = settings.SITE_URL + review.get_absolute_url()
    if pdf.weasyprint_error():
        return render(
            request,
            "impact/review_pdf_unavailable.html",
            {"review": review, "page_url": page_url},
            status=503,
        )
    selectors.show_key_figures(review)
    highlights = selectors.review_highlights(review)
    prefetch_related_objects(highlights, "sources")
    try:
        content = pdf.render_review_pdf(
            review=review,
            highlights=highlights,
            page_url=page_url,
            base_url=settings.SITE_URL + "/",
        )
    except pdf.StillDrawing:
        response = render(
            request,
            "impact/review_pdf_unavailable.html",
            {"review": review, "page_url": page_url, "drawing": True},
            status=503,
        )
        response["Retry-After"] = str(pdf.RETRY_AFTER_SECONDS)
        return response
    response = HttpResponse(content, content_type="application/pdf")
    # A header is always made when a file name is given.
    response["Content-Disposition"] = cast(
        str, content_disposition_header(as_attachment=True, filename=pdf.filename(review))
    )
    return response


def data_file(content: str, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # A header is always made when a file name is given.
    response["Content-Disposition"] = cast(
        str, content_disposition_header(as_attachment=True, filename=filename)
    )
    return response


CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def data_response(highlights: list[Highlight], *, stem: str, extension: str) -> HttpResponse:
    if extension == "csv":
        content = open_data.as_csv(highlights)
    else:
        content = open_data.as_json(highlights, documentation=reverse("impact:open-data"))
    return data_file(
        content,
        content_type=CONTENT_TYPES[extension],
        filename=open_data.filename(stem, extension),
    )


@public_page
def review_data(request: HttpRequest, year: int, file_year: int, extension: str) -> HttpResponse:
    """A year's published highlights and outcomes as CSV or JSON (three queries)."""
    if file_year != year:
        raise Http404
    review = get_object_or_404(AnnualReview.objects.published(), year=year)
    highlights = list(open_data.published_highlights().filter(review=review))
    return data_response(highlights, stem=f"ishr-impact-{year}", extension=extension)


@public_page
def all_years_data(request: HttpRequest, extension: str) -> HttpResponse:
    """Every published year's highlights and outcomes in one file (two queries)."""
    highlights = list(open_data.published_highlights())
    return data_response(highlights, stem="ishr-impact-all-years", extension=extension)


@public_page
def open_data_page(request: HttpRequest) -> HttpResponse:
    """The licence, the files of each year and of all years, and what each column means."""
    reviews = list(AnnualReview.objects.published().order_by("-year").only("year"))
    return render(
        request,
        "impact/open_data.html",
        {
            "reviews": reviews,
            "columns": open_data.COLUMNS,
            "licence": open_data.LICENCE,
            "licence_url": open_data.LICENCE_URL,
            "attribution": open_data.ATTRIBUTION,
        },
    )


@public_page
def feed_stylesheet(request: HttpRequest) -> HttpResponse:
    """The feed's XSLT stylesheet, in the page's language: a browser that opens the feed
    shows what a feed is, how to follow it, and the newest highlights."""
    return render(request, "impact/feed_stylesheet.html", content_type="text/xsl; charset=utf-8")


def preview_review(
    request: HttpRequest, review: AnnualReview, extra: Mapping[str, Any] | None = None
) -> HttpResponse:
    """Render a review, drafts included, as the public will see it (the admin's preview
    and preview links call this; `extra` adds to the template's context)."""
    selectors.show_key_figures(review)
    highlights = selectors.review_highlights(review, drafts=True)
    context = review_page(highlights, {})
    return render(
        request,
        "impact/review_detail.html",
        {
            "review": review,
            "preview": True,
            "open_calls": [],
            "world_map": review_map(review, highlights),
            **context,
            **(extra or {}),
        },
    )


def preview_highlight(
    request: HttpRequest, highlight: Highlight, extra: Mapping[str, Any] | None = None
) -> HttpResponse:
    if highlight.pk is None:
        raise Http404
    return render(
        request,
        "impact/highlight_detail.html",
        {"highlight": highlight, "preview": True, "neighbours": None, **(extra or {})},
    )
