"""The application form: validation and normalisation only; services.py does the writes."""

import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils.html import escape, format_html
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.models import Theme

from . import drafts
from .models import Application, Review

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FILE_FIELDS = ["cv", "reference_letter"]
CONSENT_FIELDS = ["consent_selection", "consent_share_cohosts", "consent_publication"]


@dataclass(frozen=True)
class Section:
    """A part of the application form: its title as applicants read it, its title as staff
    read it (the application's and the reviewer's pages in the admin), and its questions."""

    title: "StrOrPromise"
    admin_title: "StrOrPromise"
    fields: list[str]
    # Consents are the applicant's dealings with ISHR, not part of what is reviewed.
    shown_to_reviewers: bool = True


# The questions in the sections and order applicants see them; the admin follows it too.
SECTIONS = [
    Section(
        _("About you"),
        _("About the applicant"),
        ["full_name", "email", "discreet_emails", "country", "organisation", "role"],
    ),
    Section(
        _("Your work"),
        _("Their work"),
        ["themes", "other_focus", "advocacy_experience", "un_engagement"],
    ),
    Section(
        _("The programme and you"),
        _("The programme and them"),
        [
            "geneva_objectives",
            "peer_learning",
            "english_level",
            "available_online",
            "available_geneva",
            "availability_notes",
            "scholarship",
        ],
    ),
    Section(
        _("Recommendation and documents"),
        _("Recommendation and documents"),
        ["recommending_organisation", *FILE_FIELDS],
    ),
    Section(_("Your consent"), _("Consents"), CONSENT_FIELDS, shown_to_reviewers=False),
]
# Answers kept in a draft and copied into the application; consents are given at submission.
ANSWER_FIELDS = [
    name
    for section in SECTIONS
    for name in section.fields
    if name not in FILE_FIELDS and name not in CONSENT_FIELDS
]


def _looks_like_pdf(upload) -> bool:
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    return head.startswith(b"%PDF-")


def _looks_like_docx(upload) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return {"[Content_Types].xml", "word/document.xml"} <= names


class DocumentField(forms.FileField):
    """A PDF (or DOCX where allowed) up to the size limit, recognised by its content.

    The name and the type the browser claims are not trusted: a web page renamed `cv.pdf`
    is refused.
    """

    # Set by ApplicationForm: whether the draft it reopens holds this document already.
    saved_with_draft: bool

    def __init__(self, *, allow_docx=False, **kwargs):
        self.allow_docx = allow_docx
        accept = ".pdf,application/pdf"
        if allow_docx:
            accept += (
                ",.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            )
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": accept}))
        super().__init__(**kwargs)

    @property
    def max_bytes(self) -> int:
        return settings.APPLICATION_UPLOAD_MAX_BYTES

    def limits_text(self):
        kinds = _("PDF or Word (.docx)") if self.allow_docx else _("PDF")
        return _("%(kinds)s, at most %(size)s.") % {
            "kinds": kinds,
            "size": filesizeformat(self.max_bytes),
        }

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial or not hasattr(upload, "size"):
            return upload
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                _("This file is %(size)s; the limit is %(limit)s. Please send a smaller file."),
                code="too_big",
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(self.max_bytes),
                },
            )
        if _looks_like_pdf(upload):
            upload.name = "document.pdf"
            return upload
        if self.allow_docx and _looks_like_docx(upload):
            upload.name = "document.docx"
            return upload
        if self.allow_docx:
            message = _("This file is not a PDF or a Word (.docx) document. Please choose one.")
        else:
            message = _("This file is not a PDF. Please save your document as PDF and choose it.")
        raise forms.ValidationError(message, code="wrong_type")


# The bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069):
# they make text display in another order than it is stored, so that a name can pose as
# another in the admin or in an export. Nobody types them; the marks that fix the direction
# of a word in Arabic or Hebrew text (U+200E, U+200F) are kept.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_BREAKS = frozenset("\r\n\t")


def without_controls(text: str, *, keep: frozenset = frozenset()) -> str:
    """`text` without bidirectional controls, and with each other control character (Unicode
    category Cc: line breaks, tabs, escapes) not in `keep` turned into a space."""
    return "".join(
        " " if unicodedata.category(c) == "Cc" and c not in keep else c
        for c in text
        if c not in BIDI_CONTROLS
    )


class OneLineField(forms.CharField):
    """A name or a short answer: on one line, whatever was pasted into it. A line break in
    a name would split it in the admin and in an exported row."""

    def to_python(self, value):
        value = super().to_python(value)
        return without_controls(value).strip() if value else value


class LongAnswerField(forms.CharField):
    """A long answer: its line breaks are kept, other control characters are not."""

    def to_python(self, value):
        value = super().to_python(value)
        return without_controls(value, keep=LINE_BREAKS).strip() if value else value


class AlwaysEmptyInput(forms.TextInput):
    """A text input that never shows a value back: a person whose browser filled it by mistake
    gets the form again with it empty, and can send it as it is."""

    def format_value(self, value):
        return None


HONEYPOT_FIELD = "website"


# The questions as the model defines them, in the form's order, with the words applicants
# read; `ApplicationForm` declares the other fields and its own version of some.
FIELD_CLASSES = {
    **dict.fromkeys(
        ["full_name", "organisation", "role", "other_focus", "recommending_organisation"],
        OneLineField,
    ),
    **dict.fromkeys(
        [
            "advocacy_experience",
            "un_engagement",
            "geneva_objectives",
            "peer_learning",
            "availability_notes",
        ],
        LongAnswerField,
    ),
}
LABELS = {
    "full_name": _("Full name"),
    "email": _("Email address"),
    "discreet_emails": _("Keep our emails discreet"),
    "country": _("Country where you work"),
    "organisation": _("Organisation"),
    "role": _("Your role in the organisation"),
    "other_focus": _("Other thematic focus"),
    "advocacy_experience": _("Your advocacy at home"),
    "un_engagement": _("Your engagement with the UN so far"),
    "geneva_objectives": _("What you want to achieve in Geneva"),
    "peer_learning": _("What you would bring to the group"),
    "english_level": _("Your English"),
    "available_online": _("Can you take part in the whole online course?"),
    "available_geneva": _("Can you be in Geneva for all of the days there?"),
    "availability_notes": _("About your availability (optional)"),
    "scholarship": _("Do you need a scholarship?"),
    "recommending_organisation": _("Recommending partner organisation"),
}
HELP_TEXTS = {
    "full_name": _("As you would like us to address you."),
    "email": _(
        "We write to you only about this application. Use an address that is safe "
        "for you to receive mail about the UN."
    ),
    "discreet_emails": _(
        "Their subject and first line will say only “Your ISHR reference” or “Your "
        "saved form”, not what you applied to. Choose this if someone else may see "
        "your inbox."
    ),
    "organisation": _("The organisation through which you do your advocacy."),
    "advocacy_experience": _(
        "What advocacy you do at national or regional level, on what, with whom, and "
        "what changed. About 300 words, 2,000 characters at most."
    ),
    "un_engagement": _(
        "Have you used the Human Rights Council, the treaty bodies, the UPR or the "
        "Special Procedures before? How? Write “none yet” if so. About 300 words, "
        "2,000 characters at most."
    ),
    "geneva_objectives": _(
        "Which change are you working for, and how would meeting diplomats, UN experts "
        "and staff help? About 300 words, 2,000 characters at most."
    ),
    "peer_learning": _(
        "The programme is a group learning together. What experience would you share? "
        "About 300 words, 2,000 characters at most."
    ),
    "english_level": _("The programme is taught in English."),
    "availability_notes": _("Tell us which dates you could not attend, and why."),
    "scholarship": _(
        "The edition's page sets out what the programme costs. Asking for a "
        "scholarship does not count against you."
    ),
    "recommending_organisation": _(
        "A partner organisation that knows your work and recommends you."
    ),
}
WIDGETS: dict[str, type[forms.Widget] | forms.Widget] = {
    "advocacy_experience": forms.Textarea(attrs={"rows": 6}),
    "un_engagement": forms.Textarea(attrs={"rows": 6}),
    "geneva_objectives": forms.Textarea(attrs={"rows": 6}),
    "peer_learning": forms.Textarea(attrs={"rows": 6}),
    "availability_notes": forms.Textarea(attrs={"rows": 3}),
    "english_level": forms.RadioSelect,
    "available_online": forms.RadioSelect,
    "available_geneva": forms.RadioSelect,
    "scholarship": forms.RadioSelect,
}

QUESTION_FIELDS = forms.fields_for_model(
    Application,
    fields=[*ANSWER_FIELDS, *FILE_FIELDS, *CONSENT_FIELDS],
    # Django takes lazy strings here, as in a ModelForm's Meta; django-stubs say str.
    labels=cast(dict[str, str], LABELS),
    help_texts=cast(dict[str, str], HELP_TEXTS),
    widgets=WIDGETS,
    field_classes=FIELD_CLASSES,
)
if TYPE_CHECKING:
    # A class made at run time, which mypy cannot follow: it sees the form it is made from.
    ApplicationQuestions = forms.Form
else:
    ApplicationQuestions = type("ApplicationQuestions", (forms.Form,), QUESTION_FIELDS)


class ApplicationForm(ApplicationQuestions):
    """The HRDAP (or any edition's) application form.

    With `for_draft=True` only the email is required, so that "Save and continue later" keeps
    whatever has been typed so far. With a `draft`, files already saved with it count as
    chosen.

    Not a ModelForm: it checks its fields only. A ModelForm would also run the model's
    validation, whose constraints need the service's insert to be settled (a race) and say
    too much here: the one on (edition, email) would tell a stranger that an address had
    applied, and the one on consent would refuse a draft saved before consenting.
    """

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    draft = forms.CharField(widget=forms.HiddenInput, required=False)
    # A honeypot: hidden from sight and from screen readers (assets/scss/_site.scss,
    # aria-hidden), out of the tab order and of autofill, so people leave it empty and
    # form-filling robots do not.
    website = forms.CharField(
        label=_("Leave this field empty. (It is here to catch automated spam.)"),
        required=False,
        widget=AlwaysEmptyInput(
            attrs={
                "tabindex": "-1",
                "autocomplete": "off",
                # Password managers fill fields that the browser's own autofill leaves alone.
                "data-1p-ignore": True,
                "data-lpignore": "true",
                "data-bwignore": True,
            }
        ),
    )
    themes: "forms.ModelMultipleChoiceField[Theme]" = forms.ModelMultipleChoiceField(
        label=_("Your thematic focus"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose any that fit your work, or describe your focus below."),
    )
    cv = DocumentField(label=_("Your CV"))
    reference_letter = DocumentField(
        label=_("A letter of reference from the recommending organisation"), allow_docx=True
    )
    consent_selection = forms.BooleanField(
        label=_(
            "I agree that ISHR keeps and uses what I send here to select participants, "
            "as the privacy notice above explains."
        ),
        error_messages={"required": _("We cannot consider an application without this consent.")},
    )
    consent_share_cohosts = forms.BooleanField(
        label=_(
            "I agree that ISHR may share my application with the partner organisations that "
            "co-host this programme, for selection only."
        ),
        required=False,
    )
    consent_publication = forms.BooleanField(
        label=_(
            "If I am selected, ISHR may ask me before publishing my name, photo or words. "
            "(You can say no later, and nothing is published without asking you.)"
        ),
        required=False,
    )

    def __init__(self, *args, edition, draft=None, for_draft=False, **kwargs):
        self.edition = edition
        self.saved_draft = draft
        self.for_draft = for_draft
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["themes"]).queryset = edition.themes.all()
        cast(forms.ChoiceField, self.fields["country"]).choices = [
            ("", _("Choose a country")),
            *countries,
        ]
        if not edition.themes.all():
            # No themes to choose from: the applicant describes their focus in words.
            del self.fields["themes"]
            focus = self.fields["other_focus"]
            focus.label, focus.required = _("Your thematic focus"), True
        if not self.is_bound and not self.initial.get("submission_token"):
            self.initial["submission_token"] = uuid.uuid4()
        if draft is not None:
            self.initial["draft"] = drafts.sign(draft)
        for name in ("full_name", "organisation", "role", "email", "other_focus"):
            self.fields[name].widget.attrs.setdefault("autocomplete", "off")
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        for name in FILE_FIELDS:
            document = cast(DocumentField, self.fields[name])
            saved = draft is not None and getattr(draft, name)
            hint = document.limits_text()
            if saved:
                document.required = False
                hint = _("Saved with your draft; choose a file only to replace it. ") + hint
            document.help_text = hint
            document.widget.attrs["data-too-big"] = _(
                "This file is larger than %(limit)s. Please choose a smaller one."
            ) % {"limit": filesizeformat(document.max_bytes)}
            document.saved_with_draft = bool(saved)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Textarea) and "maxlength" in field.widget.attrs:
                # A browser silently cuts pasted text at `maxlength`; without it, the server
                # says how long the answer is and keeps all of it. A script counts as one types.
                field.widget.attrs["data-max-length"] = field.widget.attrs.pop("maxlength")
            if name == "themes":
                continue
            if isinstance(field.widget, forms.RadioSelect):
                # No pre-selected answer: the applicant chooses.
                # A list here (django-stubs allow any kind of choices).
                choices = cast(list[tuple[Any, Any]], cast(forms.ChoiceField, field).choices)
                cast(forms.ChoiceField, field).choices = [c for c in choices if c[0] != ""]
        if for_draft:
            for name, field in self.fields.items():
                if name not in ("email", "submission_token"):
                    field.required = False
        self.helper = self.build_helper()

    # --- Layout -----------------------------------------------------------------------------

    def build_helper(self):
        helper = FormHelper(self)
        helper.form_tag = False
        helper.disable_csrf = True
        privacy = HTML(
            format_html(
                '<p class="form-text">{}</p>',
                _(
                    "Only the programme team and the people who review applications read "
                    "what you send. We keep it for selection and delete it when it is no "
                    "longer needed."
                ),
            )
        )
        sections = [
            Fieldset(
                section.title,
                *([privacy] if section.fields == CONSENT_FIELDS else []),
                *(name for name in section.fields if name in self.fields),
            )
            for section in SECTIONS
        ]
        trap = Div(HONEYPOT_FIELD, css_class="form-trap", aria_hidden="true")
        helper.layout = Layout("submission_token", "draft", sections[0], trap, *sections[1:])
        return helper

    # --- Validation -------------------------------------------------------------------------

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    @property
    def caught_by_honeypot(self) -> bool:
        """Whether the field that people never see was filled in (a robot, most likely)."""
        return self.is_bound and bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if self.caught_by_honeypot:
            # Neutral words: a robot learns nothing, and a person whose browser filled the
            # field by mistake gets the form back, with that field empty, to send again.
            self.add_error(
                None,
                forms.ValidationError(
                    _("We could not accept this form. Please try again."), code="honeypot"
                ),
            )
        if self.for_draft:
            return cleaned
        if (
            "themes" in self.fields
            and not cleaned.get("themes")
            and not cleaned.get("other_focus")
        ):
            self.add_error(
                "other_focus",
                _("Choose at least one theme above, or describe your thematic focus here."),
            )
        return cleaned

    # --- Results ----------------------------------------------------------------------------

    def answers(self) -> dict:
        """The cleaned answers, files (None when none was chosen) and consents."""
        names = [n for n in (*ANSWER_FIELDS, *FILE_FIELDS, *CONSENT_FIELDS) if n in self.fields]
        data = {name: self.cleaned_data.get(name) for name in names}
        data.setdefault("themes", [])
        for name in FILE_FIELDS:
            if not data[name]:
                data[name] = None
        return data

    def typed_answers(self) -> list[tuple[str, str]]:
        """What was typed, as (question, answer) pairs, read from the raw data without
        validating it: shown back when a form arrives after the deadline."""
        rows = []
        for name in ANSWER_FIELDS:
            field = self.fields.get(name)
            if field is None:
                continue
            value: object
            if name == "themes":
                chosen = set(cast(QueryDict, self.data).getlist(name))
                themes = cast(
                    QuerySet[Theme], cast(forms.ModelMultipleChoiceField, field).queryset
                )
                value = ", ".join(str(t) for t in themes if str(t.pk) in chosen)
            elif isinstance(field, forms.BooleanField):
                value = _("Yes") if field.to_python(self.data.get(name)) else ""
            else:
                value = self.data.get(name, "")
                if getattr(field, "choices", None) and value:
                    choices = cast(list[tuple[Any, Any]], cast(forms.ChoiceField, field).choices)
                    value = dict(choices).get(value, value)
            if str(value).strip():
                rows.append((str(field.label), str(value)))
        return rows

    def files_to_choose_again(self) -> list[str]:
        """Labels of the files a failed submission did not keep (browsers cannot refill them)."""
        if not self.is_bound or not self.errors:
            return []
        return [
            str(self.fields[name].label)
            for name in FILE_FIELDS
            if name in self.files and not cast(DocumentField, self.fields[name]).saved_with_draft
        ]


# --- Review (in the admin) ------------------------------------------------------------------

# What a reviewer does not see when the edition hides applicants' identity. Stored file
# names are random already, so the documents stay available under neutral names.
IDENTITY_FIELDS = ["full_name", "email", "organisation"]
SCORE_CHOICES = [("", _("Not scored yet"))] + [(str(n), str(n)) for n in range(6)]


class ScoreRadioSelect(forms.RadioSelect):
    """Radio buttons 0 to 5 as one named group: the admin labels the whole widget with a
    <label> that points nowhere, so a screen reader would hear only "4, radio button"."""

    template_name = "programmes/widgets/score_radios.html"

    def __init__(self, *args, group_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.group_label = group_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["group_label"] = self.group_label
        return context


class ReviewForm(forms.ModelForm):
    """A reviewer's scores: a score from 0 to 5 and a comment per criterion of the edition, then an
    overall comment. Built for one review, since each edition has its own criteria."""

    submit_review = forms.BooleanField(
        label=_("My review is complete"),
        required=False,
        help_text=_(
            "Tick when every criterion has its score. Programme managers see a review's "
            "scores in the average only once it is complete."
        ),
    )

    class Meta:
        model = Review
        fields = ["comment"]

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        given = {s.criterion_id: s for s in self.instance.scores.all()} if self.instance.pk else {}
        for criterion in self.criteria:
            score = given.get(criterion.pk)
            self.fields[self.score_field(criterion)] = forms.TypedChoiceField(
                label=_("%(criterion)s: score") % {"criterion": criterion.name},
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial="" if score is None else str(score.value),
                # The admin renders help texts as HTML; a description is plain text that a
                # manager typed, and must reach the reviewer as text.
                help_text=escape(criterion.description),
                widget=ScoreRadioSelect(
                    group_label=_("%(criterion)s: score from 0 to 5")
                    % {"criterion": criterion.name}
                ),
            )
            self.fields[self.comment_field(criterion)] = forms.CharField(
                label=_("%(criterion)s: comment") % {"criterion": criterion.name},
                required=False,
                max_length=2000,
                initial=score.comment if score else "",
                widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
            )
        self.fields["submit_review"].initial = bool(self.instance.submitted_at)

    @staticmethod
    def score_field(criterion) -> str:
        return f"score_{criterion.pk}"

    @staticmethod
    def comment_field(criterion) -> str:
        return f"comment_{criterion.pk}"

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("submit_review"):
            for criterion in self.criteria:
                name = self.score_field(criterion)
                if name not in self.errors and cleaned.get(name) is None:
                    self.add_error(
                        name, _("Give a score from 0 to 5 before marking the review complete.")
                    )
        return cleaned

    def scores(self) -> dict:
        return {
            criterion: (
                self.cleaned_data.get(self.score_field(criterion)),
                self.cleaned_data.get(self.comment_field(criterion), ""),
            )
            for criterion in self.criteria
        }


class ReviewerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name()
        return f"{name} ({user.get_username()})" if name else user.get_username()


class AssignReviewersForm(forms.Form):
    reviewers = ReviewerChoiceField(
        label=_("Reviewers"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Staff in the “Reviewers” group. Each chosen reviewer gets every application."
        ),
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        cast(ReviewerChoiceField, self.fields["reviewers"]).queryset = reviewers
