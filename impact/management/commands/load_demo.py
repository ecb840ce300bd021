"""`manage.py load_demo`: the 2024 review, its highlights and the programmes, ready to browse.

The programmes come with their editions, and the 2024 editions with (fictional) participants
and testimonials. HRDAP editions have their selection criteria and decision emails; HRDAP 2024
its 434 (invented) applications, decided, and its participants' feedback, which two of the
review's key figures count; the open call a dozen applications waiting for review.

Reviews, themes, key figures, highlights' titles and summaries, the programmes and their
editions come in French and Spanish too (impact/demo_fr.py, impact/demo_es.py,
programmes/demo_fr.py, programmes/demo_es.py); the
highlights' bodies are left in English, as an editor would leave them until translated, and
French and Spanish readers see the English there.

Safe to run again and again: rows are matched on their natural keys and saved only when
something differs, so a second run writes no row, no history entry and no image file.
"""

import itertools
import uuid
from collections import Counter
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django_countries.fields import CountryField

from core.fields import RichTextField
from core.models import PublicationState, Theme
from impact import demo, demo_es, demo_fr
from impact.models import (
    AnnualReview,
    FigureSource,
    Highlight,
    KeyFigure,
    SourceLink,
)
from impact.services import make_renditions, renditions_are_current
from programmes import demo as programmes_demo
from programmes import demo_es as programmes_demo_es
from programmes import demo_fr as programmes_demo_fr
from programmes.models import (
    Application,
    Component,
    Criterion,
    DecisionTemplate,
    Edition,
    FeedbackResponse,
    Participant,
    Programme,
    StatusChange,
    Testimonial,
)

IMAGE_CREDIT = "Illustration"

REVIEW_TRANSLATIONS = {"fr": demo_fr, "es": demo_es}
# A highlight's outcome where the demo states none: an earlier run's facts do not linger.
OUTCOME_UNKNOWN = {
    "decided_by": "",
    "session": "",
    "decided_on": None,
    "document_symbol": "",
    "votes_for": None,
    "votes_against": None,
    "votes_abstaining": None,
    "adopted_without_vote": False,
    "ishr_role": "",
    "partners": "",
    "partners_may_be_named": False,
}
PROGRAMME_TRANSLATIONS = {"fr": programmes_demo_fr, "es": programmes_demo_es}


def translated(texts, modules=REVIEW_TRANSLATIONS) -> dict:
    """``{"title_fr": ..., "title_es": ...}`` from `texts(module)`, which picks a dict of
    field -> text out of a language's module (of the review's, or `modules`)."""
    return {
        f"{field}_{language}": text
        for language, module in modules.items()
        for field, text in texts(module).items()
    }


class Command(BaseCommand):
    help = "Load the demo content (2024 review, HRDAP and WHRD-AW). Running it twice is harmless."

    def handle(self, *args, **options):
        loader = DemoLoader(today=timezone.localdate(timezone=demo.GENEVA))
        with transaction.atomic():
            loader.load()
        # After the load's transaction, as the admin does on commit: a load that fails makes
        # no rendition files. Only for new or changed images (none on a second run).
        for highlight in loader.highlights:
            if not renditions_are_current(highlight):
                make_renditions(highlight)
        self.stdout.write(self.style.SUCCESS(loader.summary()))


class DemoLoader:
    def __init__(self, *, today: date):
        self.today = today
        # Rows of each kind that the demo holds.
        self.loaded: Counter[type[models.Model]] = Counter()
        self.created = 0
        self.updated = 0
        self.images = 0
        self.highlights: list[Highlight] = []

    def load(self) -> None:
        themes = {slug: self.theme(slug, name) for slug, name in demo.THEMES.items()}
        review = self.review()
        for position, data in enumerate(demo.HIGHLIGHTS, start=1):
            self.highlight(review, data, position=position * 10, themes=themes)
        programmes = {data["slug"]: self.programme(data) for data in programmes_demo.PROGRAMMES}
        editions: dict[tuple[str, int], Edition] = {}
        for data in programmes_demo.editions(self.today):
            edition = self.edition(data, programmes=programmes, themes=themes)
            key = (data["programme"], data["year"])
            editions[key] = edition
            participants = {
                person["display_name"]: self.participant(edition, person, position=position * 10)
                for position, person in enumerate(
                    programmes_demo.PARTICIPANTS.get(key, []), start=1
                )
            }
            for position, quote in enumerate(programmes_demo.TESTIMONIALS.get(key, []), start=1):
                self.testimonial(
                    edition,
                    quote,
                    position=position * 10,
                    participants=participants,
                    publish_at=programmes_demo.TESTIMONIALS_PUBLISHED_AT[key],
                )
            if data["programme"] == "hrdap":
                self.selection(edition)
        hrdap_2024 = editions[programmes_demo.HRDAP_2024]
        # No decision email is on record: managers may still change a 2024 decision and see
        # the review's figures follow.
        self.applications(hrdap_2024, programmes_demo.hrdap_2024_applications())
        self.feedback(hrdap_2024, programmes_demo.HRDAP_2024_FEEDBACK)
        call = programmes_demo.open_hrdap_call(self.today)
        self.applications(
            editions[("hrdap", call["year"])],
            programmes_demo.open_call_applications(
                year=call["year"], opens=call["call_opens"], today=self.today
            ),
        )
        # After the editions: computed figures count one of them.
        for position, data in enumerate(demo.KEY_FIGURES, start=1):
            self.key_figure(review, data, position=position * 10, editions=editions)

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
                (Criterion, "selection criterion", "selection criteria"),
                (DecisionTemplate, "decision email", "decision emails"),
                (Application, "application", "applications"),
                (FeedbackResponse, "feedback response", "feedback responses"),
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
        values = {"name": name, **translated(lambda module: {"name": module.THEMES[slug]})}
        return self.upsert(Theme, {"slug": slug}, values)

    def review(self) -> AnnualReview:
        data = dict(demo.REVIEW)
        year = data.pop("year")
        return self.upsert(
            AnnualReview,
            {"year": year},
            {
                **data,
                **translated(lambda module: module.REVIEW),
                "state": PublicationState.PUBLISHED,
                "publish_at": demo.REVIEW_PUBLISHED_AT,
            },
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
                **translated(lambda module: module.HIGHLIGHTS[data["title"]]),
                "countries": sorted(data["countries"]),  # as the field keeps them
                **OUTCOME_UNKNOWN,
                **data.get("outcome", {}),
                "position": position,
                "state": PublicationState.PUBLISHED,
                "publish_at": demo.REVIEW_PUBLISHED_AT,
            },
        )
        highlight.themes.set([themes[slug] for slug in data["themes"]])
        self.illustrate(highlight)
        self.highlights.append(highlight)
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
        slug = data.pop("slug")
        values = {
            **data,
            **translated(lambda module: module.PROGRAMMES[slug], PROGRAMME_TRANSLATIONS),
        }
        return self.upsert(Programme, {"slug": slug}, values)

    def edition(self, data: dict, *, programmes, themes) -> Edition:
        data = dict(data)
        components = data.pop("components")
        theme_slugs = data.pop("themes")
        texts = data.pop("texts")
        session = next((c["council_session"] for c in components if c["council_session"]), "")
        edition = self.upsert(
            Edition,
            {"programme": programmes[data.pop("programme")], "year": data.pop("year")},
            {
                **data,
                **translated(
                    lambda module: edition_texts(module, texts, session), PROGRAMME_TRANSLATIONS
                ),
                "state": PublicationState.PUBLISHED,
            },
        )
        edition.themes.set([themes[slug] for slug in theme_slugs])
        for component in components:
            component = dict(component)
            name = component.pop("name")
            values = {
                **component,
                **translated(
                    lambda module, name=name: module.COMPONENTS[name], PROGRAMME_TRANSLATIONS
                ),
            }
            self.upsert(Component, {"edition": edition, "name_en": name}, values)
        return edition

    def key_figure(self, review, data: dict, *, position: int, editions: dict) -> KeyFigure:
        return self.upsert(
            KeyFigure,
            {"review": review, "position": position},
            {
                "source": data.get("source", FigureSource.TYPED),
                "edition": editions[data["edition"]] if "edition" in data else None,
                "value": data.get("value", ""),
                "unit": data.get("unit", ""),
                "label": data["label"],
                **translated(lambda module: {"label": module.KEY_FIGURE_LABELS[data["label"]]}),
            },
        )

    def selection(self, edition: Edition) -> None:
        """The published criteria and the decision emails of an HRDAP edition."""
        for position, (name, description) in enumerate(programmes_demo.HRDAP_CRITERIA, start=1):
            self.upsert(
                Criterion,
                {"edition": edition, "position": position * 10},
                {
                    "name": name,
                    "description": description,
                    **translated(
                        lambda module, name=name: dict(
                            zip(("name", "description"), module.CRITERIA[name], strict=True)
                        ),
                        PROGRAMME_TRANSLATIONS,
                    ),
                },
            )
        for decision, (subject, body) in programmes_demo.HRDAP_DECISION_TEMPLATES.items():
            self.upsert(
                DecisionTemplate,
                {"edition": edition, "decision": decision},
                {"subject": subject, "body": body},
            )

    def applications(self, edition: Edition, applications: list) -> None:
        """Create the edition's demo applications that are missing, in bulk, with their
        status changes.

        Those already there are left as they are, whatever happened to them since: someone
        trying the review workflow keeps their decisions when the demo is loaded again.
        """
        self.loaded[Application] += len(applications)
        existing = set(edition.applications.values_list("reference", flat=True))
        new = [a for a in applications if a.answers["reference"] not in existing]
        if not new:
            return
        Application.objects.bulk_create(
            Application(
                edition=edition,
                submission_token=uuid.uuid5(uuid.NAMESPACE_URL, f"demo:{a.answers['reference']}"),
                status=a.status,
                submitted_at=a.submitted_at,
                **a.answers,
            )
            for a in new
        )
        ids = dict(edition.applications.values_list("reference", "pk"))
        rows: list[models.Model] = [
            StatusChange(
                application_id=ids[a.answers["reference"]],
                from_status=before,
                to_status=after,
                changed_at=when,
            )
            for a in new
            for before, after, when in a.changes
        ]
        themes = sorted(edition.themes.all(), key=lambda theme: theme.slug)
        Through = Application.themes.through
        # Each applicant works on one of the edition's themes, or on both.
        focus = [[theme] for theme in themes] + ([themes] if len(themes) > 1 else [])
        rows += [
            Through(application_id=ids[a.answers["reference"]], theme_id=theme.pk)
            for n, a in enumerate(new)
            if focus
            for theme in focus[n % len(focus)]
        ]
        for model, group in itertools.groupby(rows, key=type):
            # Both models here have `objects`; mypy's Model, any model, has none.
            model.objects.bulk_create(list(group))  # type: ignore[attr-defined]
        self.created += len(new) + len(rows)

    def feedback(self, edition: Edition, responses: list[tuple[int, str]]) -> None:
        """The edition's survey answers: those missing are added; none is changed."""
        self.loaded[FeedbackResponse] += len(responses)
        existing = Counter(edition.feedback.values_list("satisfaction", "comment", "received_on"))
        missing = []
        for n, (satisfaction, comment) in enumerate(responses):
            row = (
                satisfaction,
                comment,
                programmes_demo.HRDAP_2024_FEEDBACK_FROM + timedelta(days=n // 2),
            )
            if existing[row]:
                existing[row] -= 1
            else:
                missing.append(row)
        FeedbackResponse.objects.bulk_create(
            FeedbackResponse(edition=edition, satisfaction=s, comment=c, received_on=on)
            for s, c, on in missing
        )
        self.created += len(missing)

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


def edition_texts(module, key: tuple, council_session: str) -> dict:
    """An edition's texts in the language of `module` (demo_fr or demo_es)."""
    programme, _ = key
    texts = {"summary": module.EDITION_SUMMARIES[key].format(council_session=council_session)}
    if programme == "hrdap" and key[1] == 2024:  # over: told in the past
        texts |= {
            "eligibility": module.HRDAP_2024_ELIGIBILITY,
            "costs": module.HRDAP_2024_COSTS,
            "selection": module.HRDAP_2024_SELECTION,
        }
    elif programme == "hrdap":
        eligibility = module.HRDAP_ELIGIBILITY
        if key[1] == "open":
            eligibility += module.HRDAP_OPEN_CALL_THEMES
        texts |= {
            "eligibility": eligibility,
            "costs": module.HRDAP_COSTS,
            "selection": module.HRDAP_SELECTION,
        }
    return texts


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
