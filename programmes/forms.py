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
from django.core import validators
from django.db.models import QuerySet
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.models import Theme

from . import drafts
from .models import Application, KeptUpload, Review

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

    default_error_messages = {
        "too_big": _("This file is %(size)s: choose a file smaller than %(limit)s"),
        "wrong_type": _("Choose a PDF file"),
    }

    def __init__(self, *, allow_docx=False, **kwargs):
        self.allow_docx = allow_docx
        accept = ".pdf,application/pdf"
        if allow_docx:
            accept += (
                ",.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            )
        kwargs.setdefault(
            "widget", forms.FileInput(attrs={"accept": accept, "class": "form-control"})
        )
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
        # Shown back if the form fails on another answer and the file is kept; the stored
        # name is random (`random_upload_name`), with the extension checked below.
        upload.chosen_name = without_controls(upload.name or "")[-100:]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                self.error_messages["too_big"],
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
        raise forms.ValidationError(self.error_messages["wrong_type"], code="wrong_type")


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
# The questions as applicants read them. Staff read each as the model's verbose name, short
# and in the third person ("Advocacy at home"; `ApplicationAnswers`), and each section by its
# `admin_title`: never "your" or "tell us" in the admin, its filters or the CSV.
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

# What each question's error says, per failure: what to do, in the applicant's words (the
# GOV.UK Design System's way). No field says "This field is required." A "max_length"
# message gets the limit and the length typed, grouped as the page's language writes numbers.
ERROR_MESSAGES = {
    "full_name": {
        "required": _("Enter your full name"),
        "max_length": _(
            "Your full name must be %(limit)s characters or fewer — you have %(length)s"
        ),
    },
    "email": {
        "required": _("Enter your email address"),
        "invalid": _("Enter your email address in the correct format, like name@example.org"),
        "max_length": _(
            "Your email address must be %(limit)s characters or fewer — you have %(length)s"
        ),
    },
    "country": {
        "required": _("Select the country where you work"),
        "invalid_choice": _("Select the country where you work from the list"),
    },
    "organisation": {
        "required": _("Enter the name of your organisation"),
        "max_length": _(
            "The name of your organisation must be %(limit)s characters or fewer — you have "
            "%(length)s"
        ),
    },
    "role": {
        "required": _("Enter your role in the organisation"),
        "max_length": _("Your role must be %(limit)s characters or fewer — you have %(length)s"),
    },
    "themes": {
        "invalid_choice": _("Select your thematic focus from the list"),
        "invalid_pk_value": _("Select your thematic focus from the list"),
        "invalid_list": _("Select your thematic focus from the list"),
    },
    "other_focus": {
        # Required only when the edition has no themes to choose from.
        "required": _("Enter your thematic focus"),
        "max_length": _(
            "Your thematic focus must be %(limit)s characters or fewer — you have %(length)s"
        ),
    },
    "advocacy_experience": {
        "required": _("Describe the advocacy you do at home"),
        "max_length": _(
            "Your answer about your advocacy at home must be %(limit)s characters or fewer — "
            "you have %(length)s"
        ),
    },
    "un_engagement": {
        "required": _("Describe your engagement with the UN so far, or write “none yet”"),
        "max_length": _(
            "Your answer about your engagement with the UN must be %(limit)s characters or "
            "fewer — you have %(length)s"
        ),
    },
    "geneva_objectives": {
        "required": _("Describe what you want to achieve in Geneva"),
        "max_length": _(
            "Your answer about what you want to achieve in Geneva must be %(limit)s "
            "characters or fewer — you have %(length)s"
        ),
    },
    "peer_learning": {
        "required": _("Describe what you would bring to the group"),
        "max_length": _(
            "Your answer about what you would bring to the group must be %(limit)s "
            "characters or fewer — you have %(length)s"
        ),
    },
    "english_level": {
        "required": _("Select how well you speak and write English"),
        "invalid_choice": _("Select how well you speak and write English"),
    },
    "available_online": {
        "required": _("Select whether you can take part in the whole online course"),
        "invalid_choice": _("Select whether you can take part in the whole online course"),
    },
    "available_geneva": {
        "required": _("Select whether you can be in Geneva for all of the days there"),
        "invalid_choice": _("Select whether you can be in Geneva for all of the days there"),
    },
    "availability_notes": {
        "max_length": _(
            "Your note about your availability must be %(limit)s characters or fewer — you "
            "have %(length)s"
        ),
    },
    "scholarship": {
        "required": _("Select whether you need a scholarship"),
        "invalid_choice": _("Select whether you need a scholarship"),
    },
    "recommending_organisation": {
        "required": _("Enter the name of the partner organisation that recommends you"),
        "max_length": _(
            "The name of the recommending organisation must be %(limit)s characters or fewer "
            "— you have %(length)s"
        ),
    },
    "cv": {
        "required": _("Choose your CV as a PDF"),
        "invalid": _("Choose your CV as a PDF"),
        "empty": _("The CV you chose is empty: choose your CV as a PDF"),
        "wrong_type": _("Your CV must be a PDF: save it as a PDF, then choose it"),
        "too_big": _("Your CV must be smaller than %(limit)s — this file is %(size)s"),
    },
    "reference_letter": {
        "required": _("Choose the letter of reference as a PDF or a Word (.docx) document"),
        "invalid": _("Choose the letter of reference as a PDF or a Word (.docx) document"),
        "empty": _("The letter of reference you chose is empty: choose it again"),
        "wrong_type": _("The letter of reference must be a PDF or a Word (.docx) document"),
        "too_big": _(
            "The letter of reference must be smaller than %(limit)s — this file is %(size)s"
        ),
    },
    "consent_selection": {
        "required": _(
            "Tick the box to agree that ISHR uses what you send to select participants: we "
            "cannot consider an application without it"
        ),
    },
    "submission_token": {
        "required": _("We could not read this form: check your answers and send it again"),
        "invalid": _("We could not read this form: check your answers and send it again"),
    },
}
DRAFT_EMAIL_REQUIRED = _(
    "Enter your email address, so that we can send you the link to your draft"
)


class CountedMaxLength:
    """Refuses a text longer than `limit` with `message`, given the limit and the length
    typed, each grouped as the active language writes numbers ("2,000", "2 000")."""

    def __init__(self, limit: int, message):
        self.limit, self.message = limit, message

    def __call__(self, value) -> None:
        # Browsers send a line break as CR LF, but count it as one character, as people do
        # (and apply-form.js's counter).
        length = len(value.replace("\r\n", "\n"))
        if length > self.limit:
            raise forms.ValidationError(
                self.message,
                code="max_length",
                params={
                    "limit": number_format(self.limit, force_grouping=True),
                    "length": number_format(length, force_grouping=True),
                },
            )


def use_error_messages(field: forms.Field, messages: dict) -> None:
    """Give `field` its own messages; its length limit is checked by `CountedMaxLength`."""
    too_long = messages.get("max_length")
    field.error_messages.update({c: m for c, m in messages.items() if c != "max_length"})
    max_length = getattr(field, "max_length", None)
    if too_long and max_length:
        field.validators = [
            v for v in field.validators if not isinstance(v, validators.MaxLengthValidator)
        ]
        field.validators.append(CountedMaxLength(max_length, too_long))


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
    chosen; so do the files `kept` for this form (`KeptUpload`, by document) when it failed
    before on another answer.

    Not a ModelForm: it checks its fields only. A ModelForm would also run the model's
    validation, whose constraints need the service's insert to be settled (a race) and say
    too much here: the one on (edition, email) would tell a stranger that an address had
    applied, and the one on consent would refuse a draft saved before consenting.
    """

    # No browser check: the server's error summary says what to fix, in the page's language
    # (the template's `novalidate` too).
    use_required_attribute = False

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
    # Its label, with the link to the privacy notice, is set in `__init__`.
    consent_selection = forms.BooleanField()
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

    def __init__(self, *args, edition, draft=None, kept=None, for_draft=False, **kwargs):
        self.edition = edition
        self.saved_draft = draft
        self.for_draft = for_draft
        self.kept: dict[str, KeptUpload] = {}
        super().__init__(*args, **kwargs)
        for name, messages in ERROR_MESSAGES.items():
            if name in self.fields:
                use_error_messages(self.fields[name], messages)
        if self.is_bound and not _is_uuid(self.data.get("submission_token")):
            # Sent again, the form must carry a token that works: the error says to resend.
            data = cast(QueryDict, self.data).copy()
            data["submission_token"] = str(uuid.uuid4())
            self.data = data
            self.token_replaced = True
        else:
            self.token_replaced = False
        # The notice opens in a new tab, so that nothing typed here is lost.
        self.fields["consent_selection"].label = with_html(
            _(
                "I agree that ISHR keeps and uses what I send here to select participants, "
                "as our %(link)s explains."
            ),
            link=format_html(
                '<a href="{}" target="_blank">{}</a>',
                reverse("privacy"),
                _("privacy notice (opens in new tab)"),
            ),
        )
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
            document.saved_with_draft = bool(saved)
        self.note_kept(kept or {})
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
            self.fields["email"].error_messages["required"] = DRAFT_EMAIL_REQUIRED
        self.helper = self.build_helper()

    def note_kept(self, kept: dict[str, KeptUpload]) -> None:
        """Count the documents kept for this form as chosen, and say so beside each."""
        for name, upload in kept.items():
            field = cast(DocumentField, self.fields[name])
            field.required = False
            # The name as the applicant's device gave it: text, never markup.
            field.help_text = self[name].help_text = format_html(
                "{} {}",
                with_html(
                    _("%(name)s is kept: choose a file only to replace it."),
                    name=format_html("<strong>{}</strong>", upload.chosen_name),
                ),
                field.limits_text(),
            )
        self.kept = {**self.kept, **kept}

    # --- Layout -----------------------------------------------------------------------------

    def build_helper(self):
        helper = FormHelper(self)
        helper.form_tag = False
        helper.disable_csrf = True
        # Label, hint, error, then the field, as the GOV.UK Design System places them.
        helper.field_template = "programmes/includes/apply_field.html"
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

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.token_replaced:
            self.add_error(None, ERROR_MESSAGES["submission_token"]["invalid"])
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
                _("Select at least one theme above, or describe your thematic focus here"),
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

    def valid_uploads(self) -> dict:
        """The documents chosen in this post that passed their checks, by field."""
        if not self.is_bound:
            return {}
        return {
            name: self.cleaned_data[name]
            for name in FILE_FIELDS
            if name not in self.errors and hasattr(self.cleaned_data.get(name), "chosen_name")
        }

    def files_to_choose_again(self) -> list[str]:
        """Labels of the valid files a failed form did not keep (browsers cannot refill them):
        those of a form caught by the honeypot. A refused file has its own error."""
        if not self.is_bound or not self.errors:
            return []
        return [
            str(self.fields[name].label)
            for name in self.valid_uploads()
            if name not in self.kept
            and not cast(DocumentField, self.fields[name]).saved_with_draft
        ]

    def error_summary(self) -> list[tuple[str, str]]:
        """The errors in the page's order, as (id of the control to go to, or "", message).
        A group of radios or boxes is reached by its first one."""
        items = [("", str(error)) for error in self.non_field_errors()]
        for bound in self:
            if bound.is_hidden:
                continue
            widget = bound.field.widget
            target = bound.auto_id
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                target = f"{bound.auto_id}_0"
            items += [(target, str(error)) for error in bound.errors]
        return items


def with_html(text, **parts) -> str:
    """`text` (a translation, escaped) with its %(name)s placeholders replaced by `parts`,
    HTML built with format_html."""
    return mark_safe(conditional_escape(text) % parts)


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


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
