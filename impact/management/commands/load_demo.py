"""`manage.py load_demo`: the 2024 review, its highlights and the programmes, ready to browse.

The programmes come with their editions, and the 2024 editions with (fictional) participants
and testimonials.

Safe to run again and again: rows are matched on their natural keys and saved only when
something differs, so a second run writes no row, no history entry and no image file.
"""

from collections import Counter
from datetime import date

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django_countries.fields import CountryField

from impact import demo
from impact.fields import RichTextField
from impact.models import AnnualReview, Highlight, KeyFigure, PublicationState, SourceLink, Theme
from programmes.models import Component, Edition, Participant, Programme, Testimonial

IMAGE_CREDIT = "Illustration"


class Command(BaseCommand):
    help = "Load the demo content (2024 review, HRDAP and WHRD-AW). Running it twice is harmless."

    def handle(self, *args, **options):
        loader = DemoLoader(today=timezone.localdate(timezone=demo.GENEVA))
        with transaction.atomic():
            loader.load()
        self.stdout.write(self.style.SUCCESS(loader.summary()))


class DemoLoader:
    def __init__(self, *, today: date):
        self.today = today
        self.loaded = Counter()  # rows of each kind that the demo holds
        self.created = 0
        self.updated = 0
        self.images = 0

    def load(self) -> None:
        themes = {slug: self.theme(slug, name) for slug, name in demo.THEMES.items()}
        review = self.review()
        for position, data in enumerate(demo.HIGHLIGHTS, start=1):
            self.highlight(review, data, position=position * 10, themes=themes)
        for position, (value, unit, label) in enumerate(demo.KEY_FIGURES, start=1):
            self.upsert(
                KeyFigure,
                {"review": review, "position": position * 10},
                {"value": value, "unit": unit, "label": label},
            )
        programmes = {data["slug"]: self.programme(data) for data in demo.PROGRAMMES}
        for data in demo.editions(self.today):
            edition = self.edition(data, programmes=programmes, themes=themes)
            key = (data["programme"], data["year"])
            participants = {
                person["display_name"]: self.participant(edition, person, position=position * 10)
                for position, person in enumerate(demo.PARTICIPANTS.get(key, []), start=1)
            }
            for position, quote in enumerate(demo.TESTIMONIALS.get(key, []), start=1):
                self.testimonial(
                    edition,
                    quote,
                    position=position * 10,
                    participants=participants,
                    publish_at=demo.TESTIMONIALS_PUBLISHED_AT[key],
                )

    def summary(self) -> str:
        counts = ", ".join(
            f"{self.loaded[model]} {singular if self.loaded[model] == 1 else plural}"
            for model, singular, plural in (
                (AnnualReview, "review", "reviews"),
                (Highlight, "highlight", "highlights"),
                (KeyFigure, "key figure", "key figures"),
                (Theme, "theme", "themes"),
                (SourceLink, "source link", "source links"),
                (Programme, "programme", "programmes"),
                (Edition, "edition", "editions"),
                (Component, "component", "components"),
                (Participant, "participant", "participants"),
                (Testimonial, "testimonial", "testimonials"),
            )
        )
        changes = (
            f"{self.created} created, {self.updated} updated, {self.images} images generated"
            if self.created or self.updated or self.images
            else "nothing to change"
        )
        return f"Demo content loaded: {counts} ({changes})."

    # --- one method per kind of row -------------------------------------------------------

    def theme(self, slug: str, name: str) -> Theme:
        return self.upsert(Theme, {"slug": slug}, {"name": name})

    def review(self) -> AnnualReview:
        data = dict(demo.REVIEW)
        year = data.pop("year")
        return self.upsert(
            AnnualReview,
            {"year": year},
            {**data, "state": PublicationState.PUBLISHED, "publish_at": demo.REVIEW_PUBLISHED_AT},
        )

    def highlight(self, review, data, *, position, themes) -> Highlight:
        highlight = self.upsert(
            Highlight,
            {"review": review, "slug": slugify(data["title"])},
            {
                "kind": data["kind"],
                "title": data["title"],
                "summary": data["summary"],
                "body": data["body"],
                "countries": sorted(data["countries"]),  # as the field keeps them
                "position": position,
                "state": PublicationState.PUBLISHED,
                "publish_at": demo.REVIEW_PUBLISHED_AT,
            },
        )
        highlight.themes.set([themes[slug] for slug in data["themes"]])
        self.illustrate(highlight)
        title, url = data["source"]
        self.upsert(
            SourceLink, {"highlight": highlight, "position": 10}, {"title": title, "url": url}
        )
        return highlight

    def illustrate(self, highlight: Highlight) -> None:
        """Give the highlight its generated illustration unless it already has a picture."""
        plan = demo.plan_illustration(highlight.slug)
        field = highlight._meta.get_field("image")
        storage = highlight.image.storage
        filename = f"{highlight.slug}.jpg"
        name = field.generate_filename(highlight, filename)
        if highlight.image and storage.exists(highlight.image.name):
            if highlight.image.name == name:  # ours: keep its description in step
                self.update(highlight, {"image_alt": plan.alt, "image_credit": IMAGE_CREDIT})
            return  # an editor's own picture is left alone
        highlight.image_alt, highlight.image_credit = plan.alt, IMAGE_CREDIT
        if storage.exists(name):
            # Left by an earlier run whose database was reset: reuse it, don't pile up copies.
            highlight.image = name
        else:
            content = ContentFile(demo.render_illustration(plan))
            highlight.image.save(filename, content, save=False)
            self.images += 1
        highlight.full_clean()
        highlight.save()

    def programme(self, data: dict) -> Programme:
        data = dict(data)
        return self.upsert(Programme, {"slug": data.pop("slug")}, data)

    def edition(self, data: dict, *, programmes, themes) -> Edition:
        data = dict(data)
        components = data.pop("components")
        theme_slugs = data.pop("themes")
        edition = self.upsert(
            Edition,
            {"programme": programmes[data.pop("programme")], "year": data.pop("year")},
            {**data, "state": PublicationState.PUBLISHED},
        )
        edition.themes.set([themes[slug] for slug in theme_slugs])
        for component in components:
            component = dict(component)
            self.upsert(Component, {"edition": edition, "name": component.pop("name")}, component)
        return edition

    def participant(self, edition: Edition, data: dict, *, position: int) -> Participant:
        # The name is the natural key within an edition: staff know people by name, whether or
        # not the public ever sees it.
        data = dict(data)
        return self.upsert(
            Participant,
            {"edition": edition, "display_name": data.pop("display_name")},
            {**data, "position": position},
        )

    def testimonial(
        self, edition: Edition, data: dict, *, position: int, participants: dict, publish_at
    ) -> Testimonial:
        # Matched on its place in the edition, so that rewording a quote updates it in place.
        data = dict(data)
        name = data.pop("participant")
        return self.upsert(
            Testimonial,
            {"edition": edition, "position": position},
            {
                **data,
                "participant": participants[name] if name else None,
                "state": PublicationState.PUBLISHED,
                "publish_at": publish_at,
            },
        )

    # --- the one write path ---------------------------------------------------------------

    def upsert(self, model, lookup: dict, values: dict):
        """`update_or_create` that saves only when a value differs.

        Django's own saves every time, which would add a history entry and bump
        `updated_at` on each run; here an unchanged row is not written at all.
        """
        values = sanitised(model, values)
        self.loaded[model] += 1
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.full_clean()
            obj.save()
            self.created += 1
            return obj
        self.update(obj, values)
        return obj

    def update(self, obj, values: dict) -> None:
        changed = {name: value for name, value in values.items() if stored(obj, name) != value}
        if changed:
            for name, value in changed.items():
                setattr(obj, name, value)
            obj.full_clean()
            obj.save()
            self.updated += 1


def sanitised(model, values: dict) -> dict:
    """Rich text as the database will keep it, so that comparing with it is meaningful."""
    return {
        name: (
            model._meta.get_field(name).sanitize(value)
            if isinstance(model._meta.get_field(name), RichTextField)
            else value
        )
        for name, value in values.items()
    }


def stored(obj: models.Model, name: str):
    """The field's value in the shape the demo data uses, for comparison."""
    field = obj._meta.get_field(name)
    if isinstance(field, CountryField) and field.multiple:  # in the field's (sorted) order
        return [country.code for country in getattr(obj, name)]
    if isinstance(field, CountryField):  # a Country object; the demo data holds the code
        return getattr(obj, name).code
    return getattr(obj, name)
