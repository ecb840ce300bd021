"""What editors and programme managers do in the admin."""

import io
import re
from datetime import timedelta
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from core.models import PublicationState, Theme
from impact.models import AnnualReview, Highlight, KeyFigure
from programmes.models import Component, Edition, Participant, Testimonial, Visibility
from tests.conftest import jpeg_upload

DRAFT = PublicationState.DRAFT
PUBLISHED = PublicationState.PUBLISHED


class _FormFields(HTMLParser):
    """The values a browser would submit from the admin's change form, as a dict of lists."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self._in_form = False
        self._select: tuple[str, bool] | None = None
        self._select_values: list[str] = []
        self._first_option: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name, value):
        if "__prefix__" not in name:
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("id") or "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs)
            self._select_values, self._first_option = [], None
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                self._select_values.append(value)
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select:
            name, multiple = self._select
            values = self._select_values
            if not values and not multiple and self._first_option is not None:
                values = [self._first_option]
            for value in values:
                self._add(name, value)
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._add(self._textarea, "".join(self._text).removeprefix("\n"))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_data(response, **changes) -> dict:
    """What the admin form on this page would post, with some fields changed as a user would."""
    parser = _FormFields()
    parser.feed(response.content.decode())
    data = {name: values if len(values) > 1 else values[0] for name, values in parser.data.items()}
    data.pop("csrfmiddlewaretoken", None)
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def page(response) -> str:
    return response.content.decode()


def result_titles(response) -> set[str]:
    """Titles in the changelist's result table."""
    table = re.search(r'<table id="result_list">(.*?)</table>', page(response), re.DOTALL)
    assert table, "no result table on this changelist"
    return set(re.findall(r'<td class="field-title"><a href="[^"]*">([^<]*)</a>', table[1]))


def errors(response) -> str:
    """Every error message the admin form shows."""
    return " ".join(
        re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page(response), re.DOTALL)
    )


@pytest.fixture
def review(make_review):
    return make_review(2024, title="Looking back at 2024")


# --- Add and change pages ---------------------------------------------------------------------


def translated(label: str) -> list[str]:
    """A translated field's labels: one box per language, English first."""
    return [f"{label} ({language}):" for language in ("English", "French", "Spanish")]


ADD_PAGES = {
    "impact_annualreview": [
        "Year:",
        *translated("Title"),
        *translated("Introduction"),
        "Video URL:",
        *translated("Outlook"),
        "Key figures",
        "State:",
        "Publish at:",
    ],
    "impact_highlight": [
        "Review:",
        "Kind:",
        *translated("Title"),
        *translated("Summary"),
        *translated("Body"),
        *translated("Image description (alt text)"),
        "Image credit:",
        "Countries:",
        "Themes:",
        "Source links",
        "State:",
        "Publish at:",
    ],
    "core_theme": [*translated("Name"), "Slug:"],
    "programmes_programme": [
        *translated("Name"),
        "Short name:",
        *translated("Summary"),
        *translated("Description"),
        "Editions",
    ],
    "programmes_edition": [
        "Programme:",
        "Places:",
        "Call opens:",
        "Call closes:",
        *translated("Eligibility"),
        *translated("How selection works"),
        *translated("Costs and scholarships"),
        "Decisions expected by:",
        "Components",
        "Participants",
        "Testimonials",
        "State:",
        "Publish at:",
    ],
    "programmes_participant": [
        "Edition:",
        "Display name:",
        "Organisation:",
        "Country:",
        "Visibility:",
        "Consent recorded on:",
        "How consent was given:",
    ],
    "programmes_testimonial": [
        "Edition:",
        "Participant:",
        "Quote:",
        "Attribution:",
        "Consent recorded on:",
        "State:",
    ],
}


@pytest.mark.parametrize("model", ADD_PAGES)
def test_admin_add_page_shows_every_field(admin_client, model):
    response = admin_client.get(reverse(f"admin:{model}_add"))

    assert response.status_code == 200
    for label in ADD_PAGES[model]:
        assert label in page(response), label


@pytest.fixture
def objects(review, make_highlight, make_theme, make_programme, make_edition):
    KeyFigure.objects.create(review=review, value="434", label="applications received")
    theme = make_theme("Reprisals")
    highlight = make_highlight(
        review,
        title="A new mandate on reprisals",
        themes=[theme],
        countries=["AF"],
        image=jpeg_upload(),
        image_alt="Defenders in the Council chamber",
        image_credit="Photo: ISHR",
    )
    programme = make_programme("hrdap", short_name="HRDAP")
    edition = make_edition(programme, 2027, places=16)
    Component.objects.create(
        edition=edition,
        mode=Component.Mode.IN_PERSON,
        name="Ten days in Geneva",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=10),
        council_session="HRC60",
    )
    participant = Participant.objects.create(
        edition=edition,
        display_name="Marta Quispe",
        country="PE",
        visibility=Visibility.ANONYMOUS,
        consent_recorded_on=timezone.localdate(),
    )
    testimonial = Testimonial.objects.create(
        edition=edition,
        participant=participant,
        quote="I left Geneva with allies in three missions.",
        state=PUBLISHED,
        consent_recorded_on=timezone.localdate(),
    )
    return {
        "programmes_participant": (participant, ["Marta Quispe", "Peru"]),
        "programmes_testimonial": (testimonial, ["I left Geneva with allies in three missions."]),
        "impact_annualreview": (review, ["Looking back at 2024", "434", "applications received"]),
        "impact_highlight": (
            highlight,
            ["A new mandate on reprisals", "Defenders in the Council chamber", "Photo: ISHR"],
        ),
        "core_theme": (theme, ["Reprisals"]),
        "programmes_programme": (programme, ["Human Rights Defender Advocacy Programme"]),
        "programmes_edition": (edition, ["HRDAP 2027", "Ten days in Geneva", "HRC60"]),
    }


@pytest.mark.parametrize("model", ADD_PAGES)
def test_admin_change_page_shows_the_stored_values(admin_client, objects, model):
    obj, values = objects[model]

    response = admin_client.get(reverse(f"admin:{model}_change", args=[obj.pk]))

    assert response.status_code == 200
    for text in [*ADD_PAGES[model], *values]:
        assert text in page(response), text


def test_highlight_change_page_shows_the_current_image_with_its_alt_text(admin_client, objects):
    highlight, _ = objects["impact_highlight"]

    html = page(admin_client.get(reverse("admin:impact_highlight_change", args=[highlight.pk])))

    assert (
        f'<img src="/media/{highlight.image.name}" alt="Defenders in the Council chamber"' in html
    )


@pytest.mark.parametrize("model", ["impact_highlight", "impact_annualreview"])
def test_change_page_links_to_the_preview(admin_client, objects, model):
    obj, _ = objects[model]

    html = page(admin_client.get(reverse(f"admin:{model}_change", args=[obj.pk])))

    preview = reverse(f"admin:{model}_preview", args=[obj.pk])
    assert f'<a href="{preview}" target="_blank" rel="noopener">' in html
    assert "Preview as the public will see it" in html


@pytest.mark.parametrize("model", ["impact_annualreview", "impact_highlight"])
def test_a_change_address_whose_id_is_not_a_number_is_a_missing_object_not_an_error(
    admin_client, model
):
    response = admin_client.get(f"/admin/{model.replace('_', '/', 1)}/widgets.css/change/")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_review_changelist_counts_each_reviews_highlights(admin_client, review, make_highlight):
    make_highlight(review)
    make_highlight(review, state=DRAFT)

    html = page(admin_client.get(reverse("admin:impact_annualreview_changelist")))

    assert f'<a href="/admin/impact/highlight/?review__id__exact={review.pk}">2</a>' in html


# --- Highlight changelist ---------------------------------------------------------------------


@pytest.fixture
def listed(review, make_review, make_highlight):
    return {
        "published": make_highlight(
            review, title="Resolution adopted in Geneva", kind="resolution", countries=["AF"]
        ),
        "draft": make_highlight(
            review,
            title="Mandate still in draft",
            kind="mandate",
            state=DRAFT,
            countries=["CN"],
            summary="A new special rapporteur on Tajikistan.",
        ),
        "scheduled": make_highlight(
            review,
            title="Campaign going out tomorrow",
            kind="campaign",
            countries=["AF", "TJ"],
            publish_at=timezone.now() + timedelta(days=1),
        ),
        "old": make_highlight(
            make_review(2023), title="Award of an earlier year", kind="recognition"
        ),
    }


def changelist(client, **query):
    response = client.get(reverse("admin:impact_highlight_changelist"), query)
    assert response.status_code == 200
    return response


def test_highlight_changelist_lists_every_highlight_drafts_included(admin_client, listed):
    assert result_titles(changelist(admin_client)) == {h.title for h in listed.values()}


def test_highlight_changelist_shows_each_state(admin_client, listed):
    html = page(changelist(admin_client))

    assert '<td class="field-publication">Draft</td>' in html
    assert '<td class="field-publication">Published</td>' in html
    assert '<td class="field-publication">Scheduled for ' in html


def test_highlight_changelist_filters_by_kind(admin_client, listed):
    assert result_titles(changelist(admin_client, kind="mandate")) == {"Mandate still in draft"}


def test_highlight_changelist_filters_drafts(admin_client, listed):
    assert result_titles(changelist(admin_client, state="draft")) == {"Mandate still in draft"}


def test_highlight_changelist_filters_scheduled(admin_client, listed):
    assert result_titles(changelist(admin_client, state="scheduled")) == {
        "Campaign going out tomorrow"
    }


def test_highlight_changelist_filters_published(admin_client, listed):
    assert result_titles(changelist(admin_client, state="published")) == {
        "Resolution adopted in Geneva",
        "Award of an earlier year",
    }


def test_highlight_changelist_filters_by_country(admin_client, listed):
    assert result_titles(changelist(admin_client, country="AF")) == {
        "Resolution adopted in Geneva",
        "Campaign going out tomorrow",
    }


def test_highlight_changelist_offers_the_countries_in_use(admin_client, listed):
    html = page(changelist(admin_client))

    for name in ["Afghanistan", "China", "Tajikistan"]:
        assert f"{name}</a></li>" in html
    assert "Burundi" not in html


def test_highlight_changelist_ignores_an_unknown_country(admin_client, listed):
    assert result_titles(changelist(admin_client, country="ZZ")) == {
        h.title for h in listed.values()
    }


def test_highlight_changelist_filters_by_year(admin_client, listed):
    assert result_titles(changelist(admin_client, review__year=2023)) == {
        "Award of an earlier year"
    }


def test_highlight_changelist_filters_highlights_without_a_theme(admin_client, listed, make_theme):
    listed["published"].themes.add(make_theme("Reprisals"))

    response = changelist(admin_client, themes__isnull="True")

    assert result_titles(response) == {h.title for h in listed.values()} - {
        "Resolution adopted in Geneva"
    }
    assert ">No theme</a>" in page(response)
    assert ">-</a>" not in page(response)


def test_highlight_changelist_searches_titles(admin_client, listed):
    assert result_titles(changelist(admin_client, q="Geneva")) == {"Resolution adopted in Geneva"}


def test_highlight_changelist_searches_summaries(admin_client, listed):
    assert result_titles(changelist(admin_client, q="rapporteur")) == {"Mandate still in draft"}


# --- Adding a highlight -----------------------------------------------------------------------


@pytest.fixture
def add_page(admin_client, review):
    return admin_client.get(reverse("admin:impact_highlight_add"))


def new_highlight(add_page, review, **changes):
    fields = {
        "review": str(review.pk),
        "kind": "solidarity",
        "title_en": "Defenders stand together in Geneva",
        "slug": "defenders-stand-together",
        "summary_en": "A week of solidarity with defenders facing reprisals.",
        "body_en": "<p>Dozens of defenders <strong>met</strong>.</p>",
        "countries": ["AF", "TJ"],
        "image_alt_en": "Defenders holding hands",
        "image_credit": "Photo: ISHR",
        "sources-0-title": "Our statement",
        "sources-0-url": "https://ishr.ch/statement",
    }
    fields.update(changes)
    return form_data(add_page, **fields)


def test_adding_a_highlight_with_an_image_stores_it(admin_client, add_page, review, settings):
    data = new_highlight(add_page, review, image=jpeg_upload("solidarity.jpg"))

    response = admin_client.post(reverse("admin:impact_highlight_add"), data)

    assert response.status_code == 302, errors(response)
    highlight = Highlight.objects.get()
    assert (highlight.review, highlight.title, highlight.slug) == (
        review,
        "Defenders stand together in Geneva",
        "defenders-stand-together",
    )
    assert (highlight.image_alt, highlight.image_credit) == (
        "Defenders holding hands",
        "Photo: ISHR",
    )
    assert [c.code for c in highlight.countries] == ["AF", "TJ"]
    assert list(highlight.sources.values_list("title", "url")) == [
        ("Our statement", "https://ishr.ch/statement")
    ]
    assert highlight.state == DRAFT  # new highlights wait for an editor to publish them
    assert (Path(settings.MEDIA_ROOT) / highlight.image.name).is_file()
    assert (highlight.image_width, highlight.image_height) == (64, 36)


def test_adding_a_highlight_sanitises_its_body(admin_client, add_page, review):
    data = new_highlight(add_page, review, body_en='<p onclick="x()">Hi<script>1</script></p>')

    admin_client.post(reverse("admin:impact_highlight_add"), data)

    assert Highlight.objects.get().body == "<p>Hi</p>"


def test_adding_an_image_without_alt_text_keeps_the_form_and_says_why(
    admin_client, add_page, review, settings
):
    data = new_highlight(add_page, review, image=jpeg_upload(), image_alt_en="")

    response = admin_client.post(reverse("admin:impact_highlight_add"), data)

    assert response.status_code == 200
    html = page(response)
    assert 'value="Defenders stand together in Geneva"' in html
    assert "A week of solidarity with defenders facing reprisals." in html
    assert "Describe the image for readers who cannot see it." in errors(response)
    assert (  # on the English box, the one the model checks
        '<ul class="errorlist" id="id_image_alt_en_error">'
        "<li>Describe the image for readers who cannot see it.</li></ul>"
    ) in html
    assert "Please correct the error below." in html


def test_adding_an_image_without_alt_text_stores_nothing(admin_client, add_page, review, settings):
    data = new_highlight(add_page, review, image=jpeg_upload(), image_alt_en="   ")

    admin_client.post(reverse("admin:impact_highlight_add"), data)

    assert not Highlight.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.jpg"))


def test_adding_an_image_without_a_credit_says_why(admin_client, add_page, review):
    data = new_highlight(add_page, review, image=jpeg_upload(), image_credit="")

    response = admin_client.post(reverse("admin:impact_highlight_add"), data)

    assert "Credit the image" in errors(response)
    assert not Highlight.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(admin_client, add_page, review, settings):
    fake = SimpleUploadedFile("report.jpg", b"%PDF-1.7 not an image", content_type="image/jpeg")
    data = new_highlight(add_page, review, image=fake)

    response = admin_client.post(reverse("admin:impact_highlight_add"), data)

    assert response.status_code == 200
    assert "Upload a valid image." in errors(response)
    assert not Highlight.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*"))


def test_an_image_above_the_size_limit_is_refused_with_the_limit(
    admin_client, add_page, review, settings
):
    settings.IMAGE_UPLOAD_MAX_BYTES = 100
    data = new_highlight(add_page, review, image=jpeg_upload())

    response = admin_client.post(reverse("admin:impact_highlight_add"), data)

    assert "the limit is 100\xa0bytes. Please resize it." in errors(response)
    assert not Highlight.objects.exists()


def test_an_image_with_too_many_pixels_is_refused(admin_client, add_page, review, tmp_path):
    path = tmp_path / "huge.png"
    Image.new("1", (7000, 6000)).save(path)
    huge = SimpleUploadedFile("huge.png", path.read_bytes(), content_type="image/png")
    data = new_highlight(add_page, review, image=huge)

    response = admin_client.post(reverse("admin:impact_highlight_add"), data)

    assert "This image is 7000 × 6000 pixels" in errors(response)
    assert not Highlight.objects.exists()


def test_a_slug_already_used_in_the_review_is_refused(
    admin_client, add_page, review, make_highlight
):
    make_highlight(review, slug="defenders-stand-together")

    response = admin_client.post(
        reverse("admin:impact_highlight_add"), new_highlight(add_page, review)
    )

    assert response.status_code == 200
    assert "already exists" in errors(response)
    assert Highlight.objects.count() == 1


# --- Preview ----------------------------------------------------------------------------------


@pytest.fixture
def draft_highlight(review, make_highlight):
    return make_highlight(review, title="A story not yet published", state=DRAFT)


PREVIEW_BANNER = "Preview: this is how the public will see this page once it is published."


def test_staff_can_preview_a_draft_highlight(admin_client, draft_highlight):
    response = admin_client.get(
        reverse("admin:impact_highlight_preview", args=[draft_highlight.pk])
    )

    assert response.status_code == 200
    assert PREVIEW_BANNER in page(response)
    assert "<h1>A story not yet published</h1>" in page(response)


def test_the_public_cannot_see_the_draft_it_previews(client, draft_highlight):
    assert client.get(draft_highlight.get_absolute_url()).status_code == 404


def test_staff_can_preview_a_draft_review_with_its_draft_highlights(
    admin_client, make_review, make_highlight
):
    review = make_review(2025, title="Looking back at 2025", state=DRAFT)
    make_highlight(review, title="A draft story of 2025", state=DRAFT)

    response = admin_client.get(reverse("admin:impact_annualreview_preview", args=[review.pk]))

    assert PREVIEW_BANNER in page(response)
    assert "Looking back at 2025" in page(response)
    assert "A draft story of 2025" in page(response)


@pytest.mark.parametrize("model", ["impact_highlight", "impact_annualreview"])
def test_anonymous_visitors_are_sent_to_the_login_instead_of_a_preview(
    client, draft_highlight, model
):
    pk = draft_highlight.pk if model == "impact_highlight" else draft_highlight.review_id
    url = reverse(f"admin:{model}_preview", args=[pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url}"


def test_staff_without_permission_on_highlights_cannot_preview(
    client, draft_highlight, django_user_model
):
    user = django_user_model.objects.create_user("intern", is_staff=True)
    client.force_login(user)

    response = client.get(reverse("admin:impact_highlight_preview", args=[draft_highlight.pk]))

    assert response.status_code == 403
    assert "A story not yet published" not in page(response)


def test_preview_of_a_missing_highlight_is_not_found(admin_client, db):
    response = admin_client.get(reverse("admin:impact_highlight_preview", args=[999]))

    assert response.status_code == 404


# --- View on site -----------------------------------------------------------------------------


def view_on_site(obj) -> str:
    """The admin's "View on site" address for `obj`."""
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


def staff_in(django_user_model, group: str):
    user = django_user_model.objects.create_user(group.lower().replace(" ", "-"), is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def secret_draft(review, make_highlight):
    # The slug comes from the title: the address alone says what the draft is about.
    return make_highlight(
        review, title="Talks on a new resolution", slug="talks-on-a-new-resolution", state=DRAFT
    )


@pytest.mark.parametrize("group", ["Reviewers", "Programme managers"])
def test_view_on_site_sends_no_one_who_may_not_see_a_draft_to_its_address(
    client, django_user_model, secret_draft, group
):
    client.force_login(staff_in(django_user_model, group))

    response = client.get(view_on_site(secret_draft))

    assert response.status_code == 404
    assert "talks-on-a-new-resolution" not in response.get("Location", "") + page(response)


def test_view_on_site_answers_alike_for_a_missing_object(client, django_user_model, secret_draft):
    client.force_login(staff_in(django_user_model, "Reviewers"))
    content_type = ContentType.objects.get_for_model(secret_draft)

    seen = client.get(view_on_site(secret_draft))
    missing = client.get(reverse("admin:view_on_site", args=[content_type.pk, 99999]))

    assert (seen.status_code, page(seen)) == (missing.status_code, page(missing))


def test_view_on_site_takes_an_editor_to_the_drafts_address(
    client, django_user_model, secret_draft
):
    client.force_login(staff_in(django_user_model, "Editors"))
    change_page = page(
        client.get(reverse("admin:impact_highlight_change", args=[secret_draft.pk]))
    )
    assert f'href="{view_on_site(secret_draft)}"' in change_page

    response = client.get(view_on_site(secret_draft))

    assert response.status_code == 302
    assert response["Location"] == f"http://testserver{secret_draft.get_absolute_url()}"


# --- History ----------------------------------------------------------------------------------


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("ana.editor", "ana@example.org", "x" * 20)
    )
    return client


def history_rows(client, highlight) -> list[str]:
    """The rows of the highlight's history table, newest first."""
    html = page(client.get(reverse("admin:impact_highlight_history", args=[highlight.pk])))
    table = re.search(r'<table id="change-history".*?</table>', html, re.DOTALL)[0]
    return re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)[1:]


def changed_fields(row: str) -> dict[str, tuple[str, str]]:
    changes = re.findall(
        r"<strong>([^<]*):</strong>\s*(.*?)\s*&nbsp;&rarr;&nbsp;&nbsp;(.*?)\s*</li>",
        row,
        re.DOTALL,
    )
    return {field: (old, new) for field, old, new in changes}


@pytest.fixture
def retitled(editor_client, review, make_highlight):
    """A highlight made outside the admin (as `load_demo` does), then retitled in the admin."""
    highlight = make_highlight(review, title="Old headline")
    change_url = reverse("admin:impact_highlight_change", args=[highlight.pk])
    data = form_data(editor_client.get(change_url), title_en="New headline")
    response = editor_client.post(change_url, data)
    assert response.status_code == 302, errors(response)
    return highlight


def test_history_shows_who_changed_the_title_from_what_to_what(editor_client, retitled):
    newest, oldest = history_rows(editor_client, retitled)

    assert "ana.editor</a>" in newest
    assert changed_fields(newest)["Title (English)"] == ("Old headline", "New headline")
    assert "ana.editor" not in oldest  # the first version came from the factory, not the admin


def test_history_lists_only_the_fields_the_editor_changed(editor_client, retitled):
    # The editor changed the title alone; the history must not say they moved the
    # publication time as well (the admin's date and time inputs have no microseconds).
    newest, _ = history_rows(editor_client, retitled)

    assert list(changed_fields(newest)) == ["Title (English)"]


def changes_cell(row: str) -> str:
    """The HTML of a history row's "Changes" column."""
    return re.findall(r"<td>(.*?)</td>", row, re.DOTALL)[-1]


def page_text(html: str) -> str:
    """What a reader sees of `html`: its text, entities read."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def rewrite_body(client, highlight, body: str) -> str:
    """Saves the highlight's English body in the admin; the history row of that save."""
    change_url = reverse("admin:impact_highlight_change", args=[highlight.pk])
    response = client.post(change_url, form_data(client.get(change_url), body_en=body))
    assert response.status_code == 302, errors(response)
    return history_rows(client, highlight)[0]


def test_history_shows_the_words_changed_in_a_rich_text_paragraph(
    editor_client, review, make_highlight
):
    highlight = make_highlight(
        review,
        body="<p>Defenders from <strong>five</strong> regions met diplomats.</p>"
        "<p>The resolution passed.</p>",
    )

    newest = rewrite_body(
        editor_client,
        highlight,
        "<p>Defenders from <strong>six</strong> regions met diplomats.</p>"
        "<p>The resolution passed.</p>",
    )

    cell = changes_cell(newest)
    assert "<strong>Body (English):</strong>" in cell
    assert "<del>five</del>" in cell
    assert "<ins>six</ins>" in cell
    assert "Defenders from <del>five</del> regions met diplomats." in cell
    assert "<p>" not in page_text(cell)
    assert "strong>" not in page_text(cell)


def test_history_shows_markup_typed_as_text_as_text(editor_client, review, make_highlight):
    # What the editor typed in the rich-text box, stored with its "<" and ">" escaped.
    highlight = make_highlight(review, body="<p>Never type &lt;script&gt; here.</p>")

    newest = rewrite_body(
        editor_client, highlight, "<p>Never type &lt;script&gt;alert(1)&lt;/script&gt; here.</p>"
    )

    cell = changes_cell(newest)
    assert "<script" not in cell
    assert "<del>&lt;script&gt;</del>" in cell
    assert "<ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>" in cell
    assert "Never type <script>alert(1)</script> here." in page_text(cell)


def test_history_shows_only_the_words_around_a_change_in_a_long_text(
    editor_client, review, make_highlight
):
    opening = " ".join(f"opening{n}" for n in range(30))
    closing = " ".join(f"closing{n}" for n in range(30))
    highlight = make_highlight(review, body=f"<p>{opening} before {closing}</p>")

    newest = rewrite_body(editor_client, highlight, f"<p>{opening} after {closing}</p>")

    text = page_text(changes_cell(newest))
    assert "before" in text and "after" in text
    assert "opening29" in text and "closing0" in text
    assert "opening0 " not in text and "closing29" not in text
    assert "…" in text


def test_history_says_when_only_the_formatting_of_rich_text_changed(
    editor_client, review, make_highlight
):
    highlight = make_highlight(review, body="<p>The resolution passed.</p>")

    newest = rewrite_body(editor_client, highlight, "<p>The <em>resolution</em> passed.</p>")

    assert page_text(changes_cell(newest)).split() == [
        "Body",
        "(English):",
        "only",
        "the",
        "formatting",
        "changed",
    ]


def test_changing_the_themes_in_the_admin_makes_one_version_that_lists_them(
    editor_client, review, make_highlight, make_theme
):
    reprisals, climate = make_theme("Reprisals"), make_theme("Climate justice")
    highlight = make_highlight(review, title="Old headline", themes=[reprisals])
    change_url = reverse("admin:impact_highlight_change", args=[highlight.pk])
    data = form_data(editor_client.get(change_url), title_en="New", themes=[str(climate.pk)])
    versions_before = len(history_rows(editor_client, highlight))

    response = editor_client.post(change_url, data)

    assert response.status_code == 302, errors(response)
    newest, *_ = rows = history_rows(editor_client, highlight)
    assert len(rows) == versions_before + 1
    assert "ana.editor</a>" in newest
    assert set(changed_fields(newest)) == {"Title (English)", "Themes"}
    assert "Climate justice" in newest
    assert "Changed in the admin: Title (English), Themes." in newest


def test_adding_a_highlight_with_themes_in_the_admin_makes_one_version(
    editor_client, review, make_theme
):
    theme = make_theme("Reprisals")
    add_page = editor_client.get(reverse("admin:impact_highlight_add"))
    data = new_highlight(add_page, review, themes=[str(theme.pk)])

    response = editor_client.post(reverse("admin:impact_highlight_add"), data)

    assert response.status_code == 302, errors(response)
    highlight = Highlight.objects.get()
    [only] = history_rows(editor_client, highlight)
    assert "Added in the admin." in only
    assert "None" not in only
    version = highlight.history.get()
    assert version.history_type == "+"
    assert [row.theme for row in version.themes.all()] == [theme]


def test_saving_from_the_history_makes_one_version_with_the_themes_chosen(
    editor_client, review, make_highlight, make_theme
):
    reprisals, climate = make_theme("Reprisals"), make_theme("Climate justice")
    highlight = make_highlight(review, title="Headline", themes=[reprisals])
    first = highlight.history.latest()
    change_url = reverse("admin:impact_highlight_change", args=[highlight.pk])
    editor_client.post(
        change_url, form_data(editor_client.get(change_url), themes=[str(climate.pk)])
    )
    revert_url = reverse("admin:impact_highlight_simple_history", args=[highlight.pk, first.pk])

    versions_before = highlight.history.count()

    data = form_data(editor_client.get(revert_url), themes=[str(reprisals.pk)])

    response = editor_client.post(revert_url, data)

    assert response.status_code == 302, errors(response)
    assert list(highlight.themes.all()) == [reprisals]
    assert highlight.history.count() == versions_before + 1
    assert [row.theme for row in highlight.history.latest().themes.all()] == [reprisals]


def test_publishing_through_the_action_gives_the_reason_in_the_history(
    editor_client, review, make_highlight
):
    draft = make_highlight(review, title="Draft to publish", state=DRAFT)

    run_action(editor_client, "impact_highlight", "publish_now", [draft])

    assert "Published with the list&#x27;s action." in history_rows(editor_client, draft)[0]


def test_editing_through_the_admin_keeps_the_other_fields(
    editor_client, review, make_highlight, make_theme
):
    theme = make_theme("Reprisals")
    highlight = make_highlight(review, title="Old headline", countries=["AF"], themes=[theme])
    change_url = reverse("admin:impact_highlight_change", args=[highlight.pk])

    editor_client.post(change_url, form_data(editor_client.get(change_url), title_en="New"))

    highlight.refresh_from_db()
    assert highlight.title == "New"
    assert [c.code for c in highlight.countries] == ["AF"]
    assert list(highlight.themes.all()) == [theme]
    assert highlight.state == PUBLISHED


# --- Review page: key figures and order -------------------------------------------------------


def test_reordering_highlights_on_the_review_page_changes_the_public_order(
    client, admin_client, review, make_highlight
):
    first = make_highlight(review, title="Was first", position=10)
    second = make_highlight(review, title="Was second", position=20)
    change_url = reverse("admin:impact_annualreview_change", args=[review.pk])
    data = form_data(admin_client.get(change_url))
    rows = {data[f"highlights-{i}-id"]: i for i in range(int(data["highlights-TOTAL_FORMS"]))}
    data[f"highlights-{rows[str(first.pk)]}-position"] = "30"

    response = admin_client.post(change_url, data)

    assert response.status_code == 302, errors(response)
    html = page(client.get("/impact/2024/"))
    assert html.index("Was second") < html.index("Was first")
    assert Highlight.objects.get(pk=second.pk).position == 20


def test_key_figures_can_be_added_on_the_review_page(client, admin_client, review):
    change_url = reverse("admin:impact_annualreview_change", args=[review.pk])
    data = form_data(admin_client.get(change_url))
    data.update(
        {
            "key_figures-TOTAL_FORMS": "1",
            "key_figures-0-position": "1",
            "key_figures-0-value": "434",
            "key_figures-0-unit": "+",
            "key_figures-0-label_en": "applications to the advocacy programme",
        }
    )

    response = admin_client.post(change_url, data)

    assert response.status_code == 302, errors(response)
    assert "434+" in page(client.get("/impact/2024/"))


# --- Actions ----------------------------------------------------------------------------------


def run_action(client, model, action, objects):
    return client.post(
        reverse(f"admin:{model}_changelist"),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )


def test_publish_now_makes_selected_drafts_public(client, admin_client, review, make_highlight):
    chosen = [
        make_highlight(review, title="First draft to publish", state=DRAFT),
        make_highlight(review, title="Second draft to publish", state=DRAFT),
    ]
    make_highlight(review, title="Draft left alone", state=DRAFT)

    response = run_action(admin_client, "impact_highlight", "publish_now", chosen)

    assert "2 items published." in page(response)
    public_page = page(client.get("/impact/2024/"))
    assert "First draft to publish" in public_page
    assert "Second draft to publish" in public_page
    assert "Draft left alone" not in public_page


def test_publishing_through_the_action_appears_in_the_history(
    editor_client, review, make_highlight
):
    draft = make_highlight(review, title="Draft to publish", state=DRAFT)

    run_action(editor_client, "impact_highlight", "publish_now", [draft])

    newest = history_rows(editor_client, draft)[0]
    assert "ana.editor</a>" in newest
    assert changed_fields(newest)["State"] == ("draft", "published")


def test_publish_now_brings_a_scheduled_highlight_forward(
    client, admin_client, review, make_highlight
):
    scheduled = make_highlight(
        review, title="Scheduled for next week", publish_at=timezone.now() + timedelta(days=7)
    )

    run_action(admin_client, "impact_highlight", "publish_now", [scheduled])

    assert "Scheduled for next week" in page(client.get("/impact/2024/"))


def test_publish_now_publishes_a_review(client, admin_client, make_review):
    review = make_review(2025, title="Looking back at 2025", state=DRAFT)

    run_action(admin_client, "impact_annualreview", "publish_now", [review])

    assert AnnualReview.objects.get().state == PUBLISHED
    assert client.get("/impact/2025/").status_code == 200


def test_make_draft_hides_selected_highlights_again(client, admin_client, review, make_highlight):
    highlight = make_highlight(review, title="Published by mistake")

    response = run_action(admin_client, "impact_highlight", "make_draft", [highlight])

    assert "1 item is now a draft." in page(response)
    assert "Published by mistake" not in page(client.get("/impact/2024/"))


# --- Programmes -------------------------------------------------------------------------------


def test_an_edition_whose_call_closes_before_it_opens_is_refused(admin_client, make_programme):
    programme = make_programme()
    add_url = reverse("admin:programmes_edition_add")
    data = form_data(
        admin_client.get(add_url),
        programme=str(programme.pk),
        year="2027",
        call_opens_0="2026-12-01",
        call_opens_1="00:00:00",
        call_closes_0="2026-11-01",
        call_closes_1="23:59:59",
    )

    response = admin_client.post(add_url, data)

    assert response.status_code == 200
    assert "errornote" in page(response)
    assert not Edition.objects.exists()


def test_a_theme_can_be_added(admin_client, db):
    add_url = reverse("admin:core_theme_add")

    response = admin_client.post(
        add_url, form_data(admin_client.get(add_url), name_en="Civic space", slug="civic-space")
    )

    assert response.status_code == 302
    assert list(Theme.objects.values_list("name", "slug")) == [("Civic space", "civic-space")]


def stored_image_bytes(settings) -> bytes:
    highlight = Highlight.objects.get()
    return (Path(settings.MEDIA_ROOT) / highlight.image.name).read_bytes()


def test_an_uploaded_photo_is_stored_without_its_exif_data(
    admin_client, add_page, review, settings, tmp_path
):
    photo = Image.new("RGB", (64, 36), (18, 49, 92))
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x010E] = "Taken at 46.2N 6.1E"  # ImageDescription: where, as a camera app writes it
    path = tmp_path / "photo.jpg"
    photo.save(path, "JPEG", exif=exif)
    assert b"Camera maker" in path.read_bytes()  # the test photo does carry it
    upload = SimpleUploadedFile("geneva.jpg", path.read_bytes(), content_type="image/jpeg")

    response = admin_client.post(
        reverse("admin:impact_highlight_add"), new_highlight(add_page, review, image=upload)
    )

    assert response.status_code == 302, errors(response)
    stored = stored_image_bytes(settings)
    assert b"Camera maker" not in stored and b"46.2N" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (64, 36) and not image.getexif()
    assert "geneva" not in Highlight.objects.get().image.name  # a random name


def test_a_polyglot_image_keeps_only_its_pixels(admin_client, add_page, review, settings):
    png = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(png, "PNG")
    payload = b"<html><script>alert(document.cookie)</script></html>"
    polyglot = SimpleUploadedFile("poster.png", png.getvalue() + payload, "image/png")

    response = admin_client.post(
        reverse("admin:impact_highlight_add"), new_highlight(add_page, review, image=polyglot)
    )

    assert response.status_code == 302, errors(response)
    assert b"<script>" not in stored_image_bytes(settings)


def test_an_image_format_other_than_the_web_ones_is_refused(admin_client, add_page, review):
    tiff = io.BytesIO()
    Image.new("RGB", (10, 10)).save(tiff, "TIFF")
    upload = SimpleUploadedFile("scan.jpg", tiff.getvalue(), content_type="image/jpeg")

    response = admin_client.post(
        reverse("admin:impact_highlight_add"), new_highlight(add_page, review, image=upload)
    )

    assert "Upload a JPEG, PNG, WebP or GIF image (this file is TIFF)." in errors(response)
    assert not Highlight.objects.exists()


def test_a_decompression_bomb_is_refused_without_being_opened(
    admin_client, add_page, review, tmp_path, monkeypatch
):
    # A small file that claims more pixels than Pillow will decode safely.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    path = tmp_path / "bomb.png"
    Image.new("1", (2000, 2000)).save(path)
    bomb = SimpleUploadedFile("bomb.png", path.read_bytes(), content_type="image/png")

    response = admin_client.post(
        reverse("admin:impact_highlight_add"), new_highlight(add_page, review, image=bomb)
    )

    assert response.status_code == 200
    assert not Highlight.objects.exists()
    assert "image" in errors(response).lower()


def test_a_slug_that_names_another_page_of_the_review_is_refused(admin_client, add_page, review):
    data = new_highlight(add_page, review, slug="pdf")

    response = admin_client.post(reverse("admin:impact_highlight_add"), data)

    assert response.status_code == 200
    assert "names another page of the review" in errors(response)
    assert not Highlight.objects.filter(slug="pdf").exists()


# --- A chosen image and a form with errors ----------------------------------------------------


def test_a_new_image_on_a_form_with_errors_is_asked_for_again_not_shown_broken(
    admin_client, add_page, review
):
    data = new_highlight(add_page, review, image=jpeg_upload("chosen.jpg"), image_credit="")

    response = admin_client.post(reverse("admin:impact_highlight_add"), data)

    html = page(response)
    assert "chosen.jpg" not in html  # never a link or preview of a file that was not stored
    assert "Choose the image again: it was not kept because of the errors on this page." in (
        errors(response)
    )
    assert "No image yet." in html


def test_replacing_an_image_on_a_form_with_errors_still_shows_the_stored_one(
    admin_client, objects
):
    highlight, _ = objects["impact_highlight"]
    url = reverse("admin:impact_highlight_change", args=[highlight.pk])
    data = form_data(admin_client.get(url), image=jpeg_upload("replacement.jpg"), image_credit="")

    response = admin_client.post(url, data)

    html = page(response)
    assert "replacement.jpg" not in html
    assert f'<img src="/media/{highlight.image.name}"' in html
    assert "Choose the image again" in errors(response)
    highlight.refresh_from_db()
    assert highlight.image_credit  # nothing was saved
