import unicodedata
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import Highlight, Theme

SELECT = forms.Select(attrs={"class": "form-select"})


def alphabetical(choice: tuple[str, str]) -> str:
    """A choice's label as a reader looks it up: "Égypte" among the E, not after "Zambie"."""
    decomposed = unicodedata.normalize("NFKD", str(choice[1]))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class HighlightFilterForm(forms.Form):
    """The review page's filters. Each choice list holds only what the year's highlights use.

    A value outside the choices (an old link, a typo, a probe) fails that field alone, and the
    view then simply does not filter by it.
    """

    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=SELECT)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=SELECT)
    theme = forms.ChoiceField(label=_("Theme"), required=False, widget=SELECT)

    def __init__(self, data, *, highlights: list[Highlight]):
        super().__init__(data)
        kinds = {h.kind for h in highlights}
        codes = {country.code for h in highlights for country in h.countries}
        themes: dict[str, Theme] = {t.slug: t for h in highlights for t in h.themes.all()}
        choices = cast(dict[str, forms.ChoiceField], self.fields)
        choices["kind"].choices = [("", _("All kinds"))] + [
            (value, label) for value, label in Highlight.Kind.choices if value in kinds
        ]
        choices["country"].choices = [
            ("", _("All countries")),
            *sorted(((code, countries.name(code)) for code in codes), key=alphabetical),
        ]
        choices["theme"].choices = [
            ("", _("All themes")),
            *sorted(((slug, theme.name) for slug, theme in themes.items()), key=alphabetical),
        ]

    def active_filters(self) -> dict[str, str]:
        """The filters that are valid and set; invalid ones are ignored, never an error."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in self.fields if cleaned.get(name)}

    def label(self, name: str, value: str) -> str:
        """The label a reader sees for filter `name`'s `value` ("Afghanistan" for "AF")."""
        field = cast(forms.ChoiceField, self.fields[name])
        return str(dict(cast(list[tuple[str, str]], field.choices))[value])
