"""The interface in English, French and Spanish: pages under /fr/ and /es/, the language
switcher and the hreflang alternates, dates and figures as each language writes them, the
applicant's emails in their language, and catalogues that are complete and compiled."""

import gettext
import io
import re
from collections import Counter
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from core.dates import geneva_deadline_text
from impact.models import FigureSource, KeyFigure
from programmes.models import Participant, Status, Visibility
from tests.programmes.conftest import (
    geneva,
    hrdap,
    make_application,
    make_edition,
    make_programme,
    open_2027,
)
from tests.programmes.test_apply import answers

# Fixtures that live with the programmes' tests.
__all__ = ["hrdap", "make_application", "make_edition", "make_programme", "open_2027"]

pytestmark = pytest.mark.usefixtures("frozen_now")

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def text(response) -> str:
    """The page's words as a reader sees them: no tags, entities decoded, spaces collapsed."""
    html = re.sub(r"<head>.*?</head>|<[^>]+>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", unescape(html))


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]*)"', response.content.decode()).group(1)


def switcher(response) -> list[dict]:
    """The language switcher's links, in order: href, lang, hreflang, text, current."""
    nav = re.search(
        r'<nav class="language-switcher[^"]*"[^>]*>(.*?)</nav>', response.content.decode(), re.S
    )
    if nav is None:
        return []
    links = []
    for attrs, label in re.findall(r"<a ([^>]*)>([^<]*)</a>", nav.group(1)):
        found = dict(re.findall(r'([\w-]+)="([^"]*)"', attrs))
        links.append(
            {
                "href": unescape(found["href"]),
                "lang": found.get("lang"),
                "hreflang": found.get("hreflang"),
                "text": label,
                "current": found.get("aria-current") == "true",
            }
        )
    return links


def alternates(response) -> dict[str, str]:
    html = response.content.decode()
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


@pytest.fixture
def content(make_review, make_highlight, hrdap, open_2027):
    """A published review with two highlights (one on Kenya) and HRDAP 2027, whose call is
    open until 23:59:59 Geneva time on 15 January 2027, with its decisions due in March."""
    review = make_review(2024, title="Looking back at 2024")
    first = make_highlight(review, title="A resolution on reprisals", slug="reprisals")
    make_highlight(review, title="Training in Nairobi", slug="nairobi", countries=["KE"])
    open_2027.decisions_by = geneva(2027, 3, 1, 12, 0).date()
    open_2027.save()
    open_2027.components.create(
        mode="in-person",
        name="Days in Geneva",
        starts_on=geneva(2027, 6, 14, 9, 0).date(),
        ends_on=geneva(2027, 6, 25, 9, 0).date(),
    )
    return {"review": review, "highlight": first, "edition": open_2027}


# Each public page, and words on it that only the interface writes.
PAGES = {
    "home": (
        "/",
        {
            "fr": "Aider les défenseurs et défenseuses des droits humains à se servir de l'ONU",
            "es": "Ayudamos a las personas defensoras de derechos humanos a utilizar la ONU",
        },
    ),
    "review-list": (
        "/impact/",
        {"fr": "Notre impact, année après année", "es": "Nuestro impacto, año tras año"},
    ),
    "review": (
        "/impact/2024/",
        {"fr": "Bilan d'impact 2024", "es": "Informe de impacto 2024"},
    ),
    "highlight": (
        "/impact/2024/nairobi/",
        {"fr": "Fait marquant précédent", "es": "Hito anterior"},
    ),
    "programme-list": (
        "/programmes/",
        {
            "fr": "Programmes pour les défenseurs et défenseuses des droits humains",
            "es": "Programas para personas defensoras de derechos humanos",
        },
    ),
    "programme": (
        "/programmes/hrdap/",
        {"fr": "L'appel 2027", "es": "La convocatoria de 2027"},
    ),
    "edition": (
        "/programmes/hrdap/2027/",
        {"fr": "Dates et lieux", "es": "Fechas y lugares"},
    ),
    "apply": (
        "/programmes/hrdap/2027/apply/",
        {"fr": "Envoyer ma candidature", "es": "Enviar mi solicitud"},
    ),
}
NAVIGATION = {
    "fr": ["Aller au contenu principal", "Notre impact", "Programmes et appels à candidatures"],
    "es": ["Ir al contenido principal", "Nuestro impacto", "Programas y convocatorias"],
}


# --- Every page in every language -----------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("name", list(PAGES))
def test_every_public_page_answers_in_french_and_spanish(client, content, name, language):
    path, words = PAGES[name]

    response = client.get(f"/{language}{path}")

    assert response.status_code == 200
    page = text(response)
    assert html_lang(response) == language
    for phrase in [*NAVIGATION[language], words[language]]:
        assert phrase in page, phrase


@pytest.mark.parametrize("name", list(PAGES))
def test_english_pages_keep_their_address_and_their_english(client, content, name):
    path, _words = PAGES[name]

    # A browser that prefers French still gets the English page at the English address: the
    # language is in the address alone, which is also what the page cache keys on.
    response = client.get(path, headers={"accept-language": "fr,es;q=0.8"})

    assert response.status_code == 200
    page = text(response)
    assert html_lang(response) == "en"
    assert "Skip to main content" in page and "Our impact" in page
    assert "Notre impact" not in page


def test_the_french_review_reads_its_headings_and_filters_in_french(client, content):
    page = text(client.get("/fr/impact/2024/"))

    for phrase in ("Faits marquants", "Tous les types", "Tous les pays", "Filtrer"):
        assert phrase in page
    assert "Looking back at 2024" in page  # content typed in the admin stays as typed


def test_country_names_are_written_in_the_page_language(client, content):
    assert "Kenia" in text(client.get("/es/impact/2024/nairobi/"))
    assert "Kenya" in text(client.get("/impact/2024/nairobi/"))


# --- Dates and figures ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "deadline"),
    [
        ("en", "23:59 Geneva time (CET) on 15 January 2027"),
        ("fr", "15 janvier 2027 à 23:59, heure de Genève (CET)"),
        ("es", "15 de enero de 2027 a las 23:59, hora de Ginebra (CET)"),
    ],
)
def test_a_deadline_reads_as_each_language_writes_it(language, deadline):
    with translation.override(language):
        assert geneva_deadline_text(geneva(2027, 1, 15, 23, 59, 59)) == deadline


@pytest.mark.parametrize(
    ("language", "dates"),
    [
        (
            "fr",
            [
                "Postulez au plus tard le 15 janvier 2027 à 23:59, heure de Genève (CET)",
                "au plus tard le 1 mars 2027",
                "du 14 juin 2027 au 25 juin 2027",
            ],
        ),
        (
            "es",
            [
                "a más tardar el 15 de enero de 2027 a las 23:59, hora de Ginebra (CET)",
                "a más tardar el 1 de marzo de 2027",
                "del 14 de junio de 2027 al 25 de junio de 2027",
            ],
        ),
    ],
)
def test_the_edition_page_writes_its_dates_as_each_language_does(client, content, language, dates):
    page = text(client.get(f"/{language}/programmes/hrdap/2027/"))

    for date in dates:
        assert date in page


@pytest.fixture
def selected_of_applicants(content, make_application):
    edition = content["edition"]
    for status in (Status.SELECTED, Status.DECLINED, Status.SUBMITTED):
        make_application(edition, status=status)
    KeyFigure.objects.create(
        review=content["review"],
        source=FigureSource.SELECTED_OF_APPLICANTS,
        edition=edition,
        label="applicants chosen",
        position=1,
    )


@pytest.mark.parametrize(
    ("prefix", "value"), [("", "1 of 3"), ("/fr", "1 sur 3"), ("/es", "1 de 3")]
)
def test_the_key_figure_selected_of_applicants_is_written_in_the_page_language(
    client, selected_of_applicants, prefix, value
):
    page = client.get(f"{prefix}/impact/2024/").content.decode()

    assert f'<span class="key-figure-value">{value}</span>' in page


def test_an_anonymous_participant_is_described_in_the_page_language(client, content):
    Participant.objects.create(
        edition=content["edition"],
        display_name="Not shown",
        country="PH",
        visibility=Visibility.ANONYMOUS,
        consent_recorded_on=geneva(2026, 11, 1, 12, 0).date(),
    )

    assert "A defender from the Philippines" in text(client.get("/programmes/hrdap/2027/"))
    assert "Un défenseur ou une défenseuse (Philippines)" in text(
        client.get("/fr/programmes/hrdap/2027/")
    )
    assert "Una persona defensora de Filipinas" in text(client.get("/es/programmes/hrdap/2027/"))


# --- The switcher and the alternates --------------------------------------------------------


def test_the_switcher_on_an_english_highlight_links_to_the_same_highlight_in_each_language(
    client, content
):
    links = switcher(client.get("/impact/2024/reprisals/"))

    assert links == [
        {
            "href": "/impact/2024/reprisals/",
            "lang": "en",
            "hreflang": "en",
            "text": "English",
            "current": True,
        },
        {
            "href": "/fr/impact/2024/reprisals/",
            "lang": "fr",
            "hreflang": "fr",
            "text": "Français",
            "current": False,
        },
        {
            "href": "/es/impact/2024/reprisals/",
            "lang": "es",
            "hreflang": "es",
            "text": "Español",
            "current": False,
        },
    ]


def test_the_switcher_marks_the_language_of_the_page_and_is_labelled_in_it(client, content):
    response = client.get("/es/programmes/")

    assert [link["text"] for link in switcher(response) if link["current"]] == ["Español"]
    assert '<nav class="language-switcher container" aria-label="Idioma">' in (
        response.content.decode()
    )


def test_the_switcher_on_a_filtered_review_keeps_the_filters(client, content):
    links = switcher(client.get("/impact/2024/?country=KE"))

    assert [link["href"] for link in links] == [
        "/impact/2024/?country=KE",
        "/fr/impact/2024/?country=KE",
        "/es/impact/2024/?country=KE",
    ]


def test_the_switcher_is_plain_links_that_set_no_cookie(client, content):
    response = client.get("/fr/impact/2024/")
    nav = re.search(r'<nav class="language-switcher.*?</nav>', response.content.decode(), re.S)

    assert "<form" not in nav.group(0)
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_each_page_names_its_versions_in_every_language_by_absolute_address(client, content):
    response = client.get("/fr/impact/2024/reprisals/?country=KE")

    site = settings.SITE_URL
    assert site.startswith(("http://", "https://"))
    assert alternates(response) == {
        "en": f"{site}/impact/2024/reprisals/",
        "fr": f"{site}/fr/impact/2024/reprisals/",
        "es": f"{site}/es/impact/2024/reprisals/",
        "x-default": f"{site}/impact/2024/reprisals/",
    }


@pytest.mark.parametrize("path", ["/fr/impact/2024/no-such-highlight/", "/es/nowhere/"])
def test_a_page_not_found_names_no_other_language(client, content, path):
    response = client.get(path)

    assert response.status_code == 404
    assert alternates(response) == {}


@pytest.mark.page_cache
def test_the_page_cache_keeps_each_language_apart(client, content):
    from core import page_cache

    page_cache.invalidate()
    english = client.get("/impact/")
    french = client.get("/fr/impact/")
    french_again = client.get("/fr/impact/")

    assert (english["X-Page-Cache"], french["X-Page-Cache"]) == ("miss", "miss")
    assert french_again["X-Page-Cache"] == "hit"
    assert "Notre impact, année après année" in text(french_again)
    assert "Our impact, year by year" in text(client.get("/impact/"))


# --- The applicant's emails -----------------------------------------------------------------


def apply_from(client, language: str, edition, **overrides):
    path = f"/{language}/programmes/hrdap/2027/apply/"
    form = client.get(path).content.decode()
    token = re.search(r'name="submission_token" value="([^"]+)"', form).group(1)
    data = answers(edition, themes=None, other_focus="Land rights", **overrides)
    return client.post(path, {**data, "submission_token": token})


def test_an_application_sent_from_the_french_form_gets_a_french_email(
    client, content, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = apply_from(client, "fr", content["edition"])
    # The email is sent after the commit, wherever that runs: not in the request's language.
    with translation.override("en"):
        for callback in callbacks:
            callback()

    assert response.status_code == 302
    assert response["Location"].startswith("/fr/programmes/hrdap/2027/apply/")
    (message,) = mail.outbox
    assert message.subject.startswith("Votre candidature à HRDAP 2027 : HRDAP27-")
    assert message.body.startswith("Bonjour,")
    assert "Merci pour votre candidature" in message.body
    assert "15 janvier 2027 à 23:59, heure de Genève (CET)" in message.body
    assert "d'ici le 1 mars 2027" in message.body
    assert "Thank you" not in message.body


def test_a_draft_saved_from_the_spanish_form_emails_a_link_to_the_spanish_form(
    client, content, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        apply_from(client, "es", content["edition"], submit_application=None, save_draft="")
    with translation.override("fr"):
        for callback in callbacks:
            callback()

    (message,) = mail.outbox
    assert message.subject == "Su solicitud guardada para HRDAP 2027"
    assert "Hola:" in message.body
    assert f"{settings.SITE_URL}/es/programmes/hrdap/2027/apply/draft/" in message.body
    assert "15 de enero de 2027 a las 23:59, hora de Ginebra (CET)" in message.body


def test_a_second_application_from_the_spanish_form_is_answered_in_spanish(
    client, content, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        apply_from(client, "es", content["edition"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = apply_from(client, "es", content["edition"])

    assert response["Location"] == "/es/programmes/hrdap/2027/apply/done/"
    assert "Le estamos enviando un mensaje" in text(client.get(response["Location"]))
    (message,) = mail.outbox
    assert message.subject == "Su solicitud para HRDAP 2027"
    assert "Solo aceptamos una solicitud por dirección" in message.body


# --- The catalogues -------------------------------------------------------------------------


PO_LINE = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d)\])? (".*")$')


def po_entries(path: Path) -> list[dict]:
    """The messages of a .po file (header and obsolete entries left out): msgctxt, msgid,
    msgid_plural, msgstr (a list: one string, or one per plural form) and flags."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        if not lines:
            continue
        entry = {"flags": set(), "msgctxt": None, "msgid_plural": None, "msgstr": {}}
        key = None
        for line in lines:
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := PO_LINE.match(line):
                name, index, value = match.groups()
                key = (name, int(index or 0))
                if name == "msgstr":
                    entry["msgstr"][key[1]] = po_string(value)
                else:
                    entry[name] = po_string(value)
            else:
                if key[0] == "msgstr":
                    entry["msgstr"][key[1]] += po_string(line)
                else:
                    entry[key[0]] += po_string(line)
        if entry.get("msgid"):
            entry["msgstr"] = [entry["msgstr"][i] for i in sorted(entry["msgstr"])]
            entries.append(entry)
    return entries


def po_string(quoted: str) -> str:
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    body = quoted.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), body)


def catalogue(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


# %(name)s, %d, {n}, {{ name }}: each must come through a translation unchanged.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd%]|\{\{ ?\w+ ?\}\}|\{\w+\}|\{% \w+ %\}")
TAG = re.compile(r"</?\w+")


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_language_of_the_site_has_a_catalogue_and_a_compiled_one(language):
    assert catalogue(language).is_file()
    assert catalogue(language).with_suffix(".mo").is_file()


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    entries = po_entries(catalogue(language))

    assert len(entries) > 600
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    untranslated = [e["msgid"] for e in entries if not all(form.strip() for form in e["msgstr"])]
    assert untranslated == []
    plurals = [e for e in entries if e["msgid_plural"] is not None]
    assert plurals and all(len(e["msgstr"]) == 2 for e in plurals)


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders_and_markup_of_their_message(language):
    wrong = []
    for entry in po_entries(catalogue(language)):
        sources = [entry["msgid"]]
        if entry["msgid_plural"] is not None:
            sources.append(entry["msgid_plural"])
        for source, translated in zip(sources, entry["msgstr"], strict=True):
            for pattern in (PLACEHOLDER, TAG):
                if Counter(pattern.findall(source)) != Counter(pattern.findall(translated)):
                    wrong.append((source, translated))
    assert wrong == []


def mo_string_count(data: bytes) -> int:
    """How many messages a compiled catalogue holds, the header included: the count at
    offset 8 of GNU gettext's .mo format, in the byte order its magic number says."""
    order = "little" if data[:4] == (0x950412DE).to_bytes(4, "little") else "big"
    assert data[:4] == (0x950412DE).to_bytes(4, order)
    return int.from_bytes(data[8:12], order)


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_holds_what_the_source_says(language):
    entries = po_entries(catalogue(language))
    data = catalogue(language).with_suffix(".mo").read_bytes()
    messages = gettext.GNUTranslations(io.BytesIO(data))

    assert mo_string_count(data) == len(entries) + 1  # and the header
    for entry in entries:
        key, context = entry["msgid"], entry["msgctxt"]
        if entry["msgid_plural"] is None:
            found = messages.gettext(key) if context is None else messages.pgettext(context, key)
            assert found == entry["msgstr"][0], key
        else:
            # Both catalogues have two forms (checked above): the first for one, the second
            # for two.
            for index, form in enumerate(entry["msgstr"]):
                n = index + 1
                args = (key, entry["msgid_plural"], n)
                found = (
                    messages.ngettext(*args)
                    if context is None
                    else messages.npgettext(context, *args)
                )
                assert found == form, key
