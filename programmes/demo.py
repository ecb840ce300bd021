"""Demo content for `manage.py load_demo`: ISHR's programmes, their editions, participants,
testimonials, selection criteria, decision emails, and invented applications and feedback.

Facts and figures come from ISHR's published programme calls and 2024 review; the wording is
the site's own. Plain data, and the small functions that date the editions from today.
"""

import itertools
import random
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from core.dates import GENEVA

from .models import REFERENCE_ALPHABET

# The review and all of its highlights went public on this (past) date.

HRDAP_2024 = ("hrdap", 2024)

# --- Programmes ---------------------------------------------------------------------------

PROGRAMMES: list[dict[str, Any]] = [
    {
        "slug": "hrdap",
        "name": "Human Rights Defender Advocacy Programme",
        "short_name": "HRDAP",
        "position": 10,
        "summary": (
            "ISHR's flagship training for experienced defenders: a part-time online course, "
            "then about ten days of advocacy in Geneva during a Human Rights Council session."
        ),
        "description": (
            "<p>The Human Rights Defender Advocacy Programme is ISHR's flagship training. It "
            "is meant for seasoned defenders from NGOs who already advocate in their own "
            "country and have a first grounding in the international human rights "
            "system.</p>"
            "<h2>Two parts</h2>"
            "<p>Since 2023 the programme has been hybrid.</p>"
            "<ul>"
            "<li><strong>Online, part time, 8 to 10 weeks.</strong> E-learning modules, live "
            "Q&amp;A sessions with experts, one-to-one coaching, and an advocacy toolbox of "
            "your own, from an elevator pitch to SMART recommendations. Everyone takes this "
            "part.</li>"
            "<li><strong>Geneva, full time, about ten days,</strong> while the Human Rights "
            "Council sits: how the UN mechanisms work, a personal advocacy plan drawn up "
            "with a coach, speaking at the Council, and meeting UN experts (Special "
            "Procedures), diplomats and UN officials.</li>"
            "</ul>"
            "<h2>Themes</h2>"
            "<p>An external review in 2024 led us to give each edition its own themes, which "
            "now change from one year to the next.</p>"
            "<h2>Safety first</h2>"
            "<p>Engaging with the UN can be dangerous: reprisals against those who do so are "
            "recorded every year. Cao Shunli was detained in 2013 as she set out for an ISHR "
            "training in Geneva, and died in custody in 2014. This is why we usually describe "
            "participants without their names.</p>"
        ),
    },
    {
        "slug": "whrd-aw",
        "name": "Women Human Rights Defenders Advocacy Week",
        "short_name": "WHRD-AW",
        "position": 20,
        "summary": (
            "A week of UN advocacy in Geneva for women human rights defenders, held during a "
            "Human Rights Council session after a virtual training, with partner "
            "organisations as co-hosts."
        ),
        "description": (
            "<p>The Women Human Rights Defenders Advocacy Week brings women defenders to "
            "Geneva for a week while the Human Rights Council is in session.</p>"
            "<p>A virtual training comes first, so that participants arrive knowing how the "
            "UN human rights system works. In Geneva they then take their issues to the "
            "Council, UN experts and diplomats.</p>"
            "<p>ISHR organises the week with partner organisations, who co-host it. No "
            "public call for applications has been published for it.</p>"
        ),
    },
]

HRDAP_ELIGIBILITY = (
    "<p>The programme is for experienced human rights defenders working in NGOs, who already "
    "carry out advocacy at national level and have some knowledge of the international human "
    "rights system.</p>"
    "<ul>"
    "<li>You take part in both parts: the part-time online course and the full-time days in "
    "Geneva.</li>"
    "<li>The training is in English, so you need to be able to follow it and to speak up in "
    "English.</li>"
    "</ul>"
)

HRDAP_COSTS = (
    "<p>Tuition comes to about CHF 3,000, and travel and the stay in Geneva to about "
    "CHF 4,000.</p>"
    "<p>If you cannot meet these costs, ask for a full or a partial scholarship in your "
    "application.</p>"
)

HRDAP_SELECTION = (
    "<p>Applications are assessed against these criteria:</p>"
    "<ol>"
    "<li>How well your work fits ISHR's priorities or the agenda of the Council session.</li>"
    "<li>Your knowledge of human rights, and your readiness to use the UN in your advocacy at "
    "home.</li>"
    "<li>Your advocacy experience at national or regional level.</li>"
    "<li>Your role and responsibilities in your organisation.</li>"
    "<li>Your wish to learn from and with the other participants.</li>"
    "<li>Your commitment to universality and non-discrimination.</li>"
    "<li>Your communication, language and organisational skills.</li>"
    "<li>Whether you and ISHR could work together strategically.</li>"
    "<li>A recommendation from a partner organisation.</li>"
    "<li>Your level of English.</li>"
    "</ol>"
)

# The same texts for the 2024 edition, whose call is over: told in the past.
HRDAP_2024_ELIGIBILITY = (
    "<p>The programme was for experienced human rights defenders working in NGOs, who already "
    "carried out advocacy at national level and had some knowledge of the international human "
    "rights system.</p>"
    "<ul>"
    "<li>Participants took part in both parts: the part-time online course and the full-time "
    "days in Geneva.</li>"
    "<li>The training was in English, so participants needed to follow it and speak up in "
    "English.</li>"
    "</ul>"
)

HRDAP_2024_COSTS = (
    "<p>Tuition came to about CHF 3,000, and travel and the stay in Geneva to about "
    "CHF 4,000.</p>"
    "<p>Applicants who could not meet these costs could ask for a full or a partial "
    "scholarship.</p>"
)

HRDAP_2024_SELECTION = (
    "<p>Applications were assessed against these criteria:</p>"
    "<ol>"
    "<li>How well the applicant's work fitted ISHR's priorities or the agenda of the Council "
    "session.</li>"
    "<li>Their knowledge of human rights, and their readiness to use the UN in their advocacy "
    "at home.</li>"
    "<li>Their advocacy experience at national or regional level.</li>"
    "<li>Their role and responsibilities in their organisation.</li>"
    "<li>Their wish to learn from and with the other participants.</li>"
    "<li>Their commitment to universality and non-discrimination.</li>"
    "<li>Their communication, language and organisational skills.</li>"
    "<li>Whether they and ISHR could work together strategically.</li>"
    "<li>A recommendation from a partner organisation.</li>"
    "<li>Their level of English.</li>"
    "</ol>"
)

ONLINE_COURSE = (
    "Part-time distance learning: e-learning on the UN mechanisms, live Q&A sessions with "
    "experts, one-to-one coaching, and building your advocacy toolbox (elevator pitch, SMART "
    "recommendations)."
)
GENEVA_PART = (
    "Full time in Geneva while the Human Rights Council sits: how the UN mechanisms work, a "
    "personal advocacy plan drawn up with a coach, speaking at the Council, and meeting UN "
    "experts, diplomats and officials."
)


def _at(year, month, day, hour=0, minute=0, second=0):
    return datetime(year, month, day, hour, minute, second, tzinfo=GENEVA)


def _second_monday_of_april(year: int) -> date:
    first = date(year, 4, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7 + 7)


def council_session(year: int) -> str:
    """The June session of the Human Rights Council: HRC56 in 2024, then three a year."""
    return f"HRC{56 + 3 * (year - 2024)}"


def decisions_by(call_closes: datetime, online_starts: date) -> date:
    """When applicants hear back: about six weeks after the deadline (time to review hundreds
    of applications), but at least two weeks before the online course, so that those chosen
    can arrange their time and ask for a scholarship before it starts."""
    return min(call_closes.date() + timedelta(weeks=6), online_starts - timedelta(weeks=2))


def open_hrdap_call(today: date) -> dict:
    """Dates of an HRDAP edition whose call is open on `today` (a date in Geneva).

    The call opened 30 days ago and closes at 23:59:59 Geneva time on the 15th of the first
    month whose 15th is at least six weeks away, like ISHR's January deadlines.
    """
    opens = datetime.combine(today - timedelta(days=30), time.min, tzinfo=GENEVA)
    target = today + timedelta(weeks=6)
    year, month = target.year, target.month
    if target.day > 15:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    closes = _at(year, month, 15, 23, 59, 59)
    # The deadline must fall before the online course starts in April: a deadline from March
    # on is for the following year's edition.
    edition_year = closes.year if closes.month <= 2 else closes.year + 1
    edition_year = max(edition_year, 2025)  # 2024 is the closed edition
    online_starts = _second_monday_of_april(edition_year)
    return {
        "year": edition_year,
        "call_opens": opens,
        "call_closes": closes,
        "decisions_by": decisions_by(closes, online_starts),
        "online": (online_starts, date(edition_year, 6, 8)),
        "geneva": (date(edition_year, 6, 10), date(edition_year, 6, 20)),
        "council_session": council_session(edition_year),
    }


def editions(today: date) -> list[dict]:
    """Every demo edition, each with its components; the open call depends on `today`."""
    open_call = open_hrdap_call(today)
    year = open_call["year"]
    return [
        {
            "programme": "hrdap",
            "year": 2024,
            "texts": ("hrdap", 2024),  # its French and Spanish texts (demo_fr, demo_es)
            "publish_at": _at(2023, 11, 1, 9),
            "summary": (
                "The 10th edition: 16 defenders, chosen from 434 applicants, followed eight "
                "weeks of online training, then came to Geneva during HRC56."
            ),
            "places": 16,
            # ISHR did not publish the 2024 deadline; these dates are illustrative.
            "call_opens": _at(2023, 11, 1, 9),
            "call_closes": _at(2024, 1, 15, 23, 59, 59),
            "decisions_by": decisions_by(_at(2024, 1, 15, 23, 59, 59), date(2024, 4, 15)),
            "eligibility": HRDAP_2024_ELIGIBILITY,
            "costs": HRDAP_2024_COSTS,
            "selection": HRDAP_2024_SELECTION,
            "themes": [],
            "components": [
                {
                    "name": "Online course",
                    "mode": "online",
                    "starts_on": date(2024, 4, 15),
                    "ends_on": date(2024, 6, 7),
                    "place": "Online",
                    "council_session": "",
                    "description": ONLINE_COURSE,
                },
                {
                    "name": "Days in Geneva",
                    "mode": "in-person",
                    "starts_on": date(2024, 6, 12),
                    "ends_on": date(2024, 6, 22),
                    "place": "Geneva, Switzerland",
                    "council_session": "HRC56",
                    "description": GENEVA_PART,
                },
            ],
        },
        {
            "programme": "hrdap",
            "year": year,
            "texts": ("hrdap", "open"),
            "publish_at": open_call["call_opens"],
            "summary": (
                "12 places for defenders working on democratic backsliding or racial "
                "justice: a part-time online course from April, then ten days in Geneva in "
                f"June during {open_call['council_session']}."
            ),
            "places": 12,
            "call_opens": open_call["call_opens"],
            "call_closes": open_call["call_closes"],
            "decisions_by": open_call["decisions_by"],
            "eligibility": HRDAP_ELIGIBILITY
            + (
                "<p>This edition looks for defenders working on one or both of its themes: "
                "democratic backsliding and racial justice.</p>"
            ),
            "costs": HRDAP_COSTS,
            "selection": HRDAP_SELECTION,
            "themes": ["democratic-backsliding", "racial-justice"],
            "components": [
                {
                    "name": "Online course",
                    "mode": "online",
                    "starts_on": open_call["online"][0],
                    "ends_on": open_call["online"][1],
                    "place": "Online",
                    "council_session": "",
                    "description": ONLINE_COURSE,
                },
                {
                    "name": "Days in Geneva",
                    "mode": "in-person",
                    "starts_on": open_call["geneva"][0],
                    "ends_on": open_call["geneva"][1],
                    "place": "Geneva, Switzerland",
                    "council_session": open_call["council_session"],
                    "description": GENEVA_PART,
                },
            ],
        },
        {
            "programme": "whrd-aw",
            "year": 2024,
            "texts": ("whrd-aw", 2024),
            "publish_at": _at(2024, 8, 1, 9),
            "summary": (
                "Eleven women defenders fighting for environment and climate justice spent a "
                "week in Geneva during HRC57, co-hosted by six organisations."
            ),
            "places": 11,
            "call_opens": None,
            "call_closes": None,
            "decisions_by": None,  # partners nominate participants: there is no call
            "eligibility": "",
            "costs": "",
            "selection": "",
            "themes": ["environment-and-climate-justice"],
            "components": [
                {
                    "name": "Virtual training",
                    "mode": "online",
                    # Illustrative: ISHR says the training came before the week, not when.
                    "starts_on": date(2024, 8, 27),
                    "ends_on": date(2024, 8, 29),
                    "place": "Online",
                    "council_session": "",
                    "description": (
                        "A first look at the international human rights system: its main "
                        "principles, procedures and actors, to prepare for the week in Geneva."
                    ),
                },
                {
                    "name": "Advocacy week in Geneva",
                    "mode": "in-person",
                    "starts_on": date(2024, 9, 16),
                    "ends_on": date(2024, 9, 21),
                    "place": "Geneva, Switzerland",
                    "council_session": "HRC57",
                    "description": (
                        "Training on how the Council works, then meetings with Special "
                        "Procedures, OHCHR and diplomats to bring environment and climate "
                        "justice to the UN."
                    ),
                },
            ],
        },
    ]


# --- Participants and testimonials ----------------------------------------------------------

# FICTIONAL DEMO DATA. Every name, organisation and quote below is invented for the demo: none
# of them is a real defender, and no quote is ISHR's or a participant's. Real participants are
# entered by programme staff, each shown only as they consented to be.
#
# As ISHR does, most participants appear as "a defender from <country>" and some not at all:
# defenders who engage with the UN risk reprisals. Names kept for anonymous or hidden people
# are for staff only and must never reach a public page (the tests check it).

_SIGNED_IN_GENEVA = "Signed consent form on the last day in Geneva; kept by the programme team"
_BY_EMAIL = "Confirmed by email to the programme team after returning home"
_NOT_LISTED = "Asked not to be listed anywhere"

PARTICIPANTS: dict[tuple[str, int], list[dict[str, Any]]] = {
    # (programme, year): participants in the order shown, positions 10, 20, 30...
    ("whrd-aw", 2024): [
        {
            "display_name": "Teresa Quillay Mamani",
            "organisation": "Colectivo Warmi Yaku",
            "country": "BO",
            "visibility": "named",
            "consent_recorded_on": date(2024, 9, 20),
            "consent_note": _SIGNED_IN_GENEVA,
        },
        {
            "display_name": "Salote Naivalu",
            "organisation": "Coastal Women's Climate Circle",
            "country": "FJ",
            "visibility": "named",
            "consent_recorded_on": date(2024, 9, 20),
            "consent_note": _SIGNED_IN_GENEVA,
        },
        {
            "display_name": "Ana Clara Ribeiro",
            "organisation": "Rede de Mulheres do Cerrado Vivo",
            "country": "BR",
            "visibility": "anonymous",
            "consent_recorded_on": date(2024, 9, 20),
            "consent_note": _SIGNED_IN_GENEVA,
        },
        {
            "display_name": "Gloria Maribel Paz",
            "organisation": "Red de Defensoras del Río Sulaco",
            "country": "HN",
            "visibility": "anonymous",
            "consent_recorded_on": date(2024, 9, 20),
            "consent_note": _SIGNED_IN_GENEVA,
        },
        {
            "display_name": "Achieng Adhiambo Owuor",
            "organisation": "Lake Basin Women for Clean Water",
            "country": "KE",
            "visibility": "anonymous",
            "consent_recorded_on": date(2024, 10, 2),
            "consent_note": _BY_EMAIL,
        },
        {
            "display_name": "Dewi Kartikasari",
            "organisation": "Perempuan Pesisir Bersatu",
            "country": "ID",
            "visibility": "anonymous",
            "consent_recorded_on": date(2024, 9, 20),
            "consent_note": _SIGNED_IN_GENEVA,
        },
        {
            "display_name": "Harriet Nabukenya",
            "organisation": "Forest Edge Women's Association",
            "country": "UG",
            "visibility": "anonymous",
            "consent_recorded_on": date(2024, 10, 4),
            "consent_note": _BY_EMAIL,
        },
        {
            "display_name": "Rosa Elena Tituaña",
            "organisation": "Mujeres Guardianas del Páramo",
            "country": "EC",
            "visibility": "anonymous",
            "consent_recorded_on": date(2024, 9, 20),
            "consent_note": _SIGNED_IN_GENEVA,
        },
        {
            "display_name": "Lucía Xoy Caal",
            "organisation": "Asociación Ixoq Ulew",
            "country": "GT",
            "visibility": "hidden",
            "consent_recorded_on": None,
            "consent_note": _NOT_LISTED,
        },
        {
            "display_name": "Nadia Fonkeng Ashu",
            "organisation": "Mangrove Women's Collective",
            "country": "CM",
            "visibility": "hidden",
            "consent_recorded_on": None,
            "consent_note": "Her nominating partner advised against any mention while a case "
            "against her is pending",
        },
        {
            "display_name": "Sunita Magar Thapa",
            "organisation": "Himalayan Women for Climate Justice",
            "country": "NP",
            "visibility": "hidden",
            "consent_recorded_on": None,
            "consent_note": _NOT_LISTED,
        },
    ],
    # Only some of the sixteen: a demo of how the page shows them, not a list of the cohort.
    ("hrdap", 2024): [
        {
            "display_name": "Tapiwa Chikore",
            "organisation": "Harare Legal Rights Forum",
            "country": "ZW",
            "visibility": "anonymous",
            "consent_recorded_on": date(2024, 6, 21),
            "consent_note": _SIGNED_IN_GENEVA,
        },
        {
            "display_name": "Nirmala Jeyakumar",
            "organisation": "Northern Families for Justice",
            "country": "LK",
            "visibility": "anonymous",
            "consent_recorded_on": date(2024, 6, 21),
            "consent_note": _SIGNED_IN_GENEVA,
        },
        {
            "display_name": "Javier Ocampo Ruiz",
            "organisation": "Observatorio Ciudadano de Derechos",
            "country": "MX",
            "visibility": "anonymous",
            "consent_recorded_on": date(2024, 7, 1),
            "consent_note": _BY_EMAIL,
        },
        {
            "display_name": "Karim Belhadj",
            "organisation": "Association pour la mémoire et la justice",
            "country": "TN",
            "visibility": "hidden",
            "consent_recorded_on": None,
            "consent_note": _NOT_LISTED,
        },
        {
            "display_name": "Aigerim Sadykova",
            "organisation": "Steppe Rights Initiative",
            "country": "KZ",
            "visibility": "hidden",
            "consent_recorded_on": None,
            "consent_note": _NOT_LISTED,
        },
    ],
}

TESTIMONIALS: dict[tuple[str, int], list[dict[str, Any]]] = {
    # (programme, year): published quotes in the order shown, positions 10, 20, 30...
    # "participant" names one of the edition's participants above, so the quote is attributed
    # as that person chose to be shown; "attribution" is used when she is not shown at all.
    ("whrd-aw", 2024): [
        {
            "participant": "Achieng Adhiambo Owuor",
            "attribution": "",
            "quote": (
                "Before the week I knew the Special Procedures only from their reports. In "
                "Geneva I sat down with a Special Rapporteur's team, told them how the quarry "
                "near us has spoiled our wells, and they asked for our evidence. We sent it "
                "the same night."
            ),
            "consent_recorded_on": date(2024, 10, 2),
        },
        {
            "participant": "Dewi Kartikasari",
            "attribution": "",
            "quote": (
                "My statement to the Council lasted ninety seconds. Writing it with the other "
                "women took the best part of two days, and that is where I learned the most: "
                "how to turn everything we ask for into one request a diplomat will remember."
            ),
            "consent_recorded_on": date(2024, 10, 1),
        },
        {
            "participant": "Lucía Xoy Caal",
            "attribution": "A land defender from Central America, who asked not to be named",
            "quote": (
                "What I took home is the group. Eleven women from very different places, and "
                "the same story of threats for defending land and water. Hearing how the "
                "others keep themselves safe has changed how my collective plans its work."
            ),
            "consent_recorded_on": date(2024, 10, 8),
        },
        {
            "participant": "Salote Naivalu",
            "attribution": "",
            "quote": (
                "I came to talk about villages moving inland as the sea rises. I left with "
                "follow-up meetings at two missions and a clearer idea of which UN procedure "
                "fits which problem. The real work is still at home."
            ),
            "consent_recorded_on": date(2024, 9, 20),
        },
    ],
    ("hrdap", 2024): [
        {
            "participant": "Nirmala Jeyakumar",
            "attribution": "",
            "quote": (
                "The eight weeks online were hard to fit around my work, but they meant that "
                "in Geneva I already knew what I wanted from each meeting. My coach had me "
                "rewrite our recommendations four times; the last version is the one a "
                "mission asked to keep."
            ),
            "consent_recorded_on": date(2024, 6, 21),
        },
        {
            "participant": None,
            "attribution": "A participant in the 2024 programme",
            "quote": (
                "I was afraid that speaking at the UN would put my colleagues at risk. We "
                "talked about it openly, planned each step together, and I spoke only once we "
                "were sure. That care is why I would tell others to apply."
            ),
            "consent_recorded_on": date(2024, 7, 1),
        },
    ],
}

# When each edition's testimonials went public: after the consents came in.
TESTIMONIALS_PUBLISHED_AT = {
    ("whrd-aw", 2024): datetime(2024, 10, 15, 9, 0, tzinfo=GENEVA),
    ("hrdap", 2024): datetime(2024, 7, 10, 9, 0, tzinfo=GENEVA),
}


# --- Selection: criteria, decision emails, applications and feedback ------------------------

# Ten criteria, in the order ISHR publishes them; the same for every HRDAP edition here.
HRDAP_CRITERIA = [
    (
        "Fit with ISHR's priorities",
        "How closely the applicant's work matches ISHR's priorities, or the agenda of the "
        "Council session they would attend.",
    ),
    (
        "Readiness to use the UN at home",
        "What they know of human rights, and how ready they are to bring the UN into their "
        "advocacy in their own country.",
    ),
    (
        "Advocacy experience",
        "What they have already done, and achieved, through advocacy at national or regional "
        "level.",
    ),
    (
        "Role in their organisation",
        "The responsibilities they hold, and whether what they learn will travel back into "
        "their organisation's work.",
    ),
    (
        "Learning with peers",
        "Their wish to learn from the other participants, and what they would bring to the "
        "group in return.",
    ),
    (
        "Universality and non-discrimination",
        "Their commitment to the rights of every person, without discrimination of any kind.",
    ),
    (
        "Communication and organisation",
        "How clearly they speak and write, in English and other languages, and how well they "
        "plan and organise their work.",
    ),
    (
        "Partnership with ISHR",
        "Whether ISHR and the applicant could go on working together strategically after the "
        "programme.",
    ),
    (
        "Partner recommendation",
        "The backing of a recommending partner organisation that knows their work.",
    ),
    (
        "English",
        "Whether their English lets them follow the training and speak up in meetings.",
    ),
]

_SIGNATURE = "The programme team\nInternational Service for Human Rights (ISHR)"

# The email for each decision, with the only placeholders the site fills in: {{ name }},
# {{ reference }} and {{ edition }}. The same for every HRDAP edition here.
HRDAP_DECISION_TEMPLATES = {
    "selected": (
        "{{ edition }}: you have been selected",
        "Dear {{ name }},\n\n"
        "Thank you for applying to {{ edition }}. We are delighted to tell you that you have "
        "been selected to take part.\n\n"
        "Many strong applications reached us this year, and the selection panel was struck by "
        "your work and by what you hope to achieve at the UN.\n\n"
        "Please reply to this email within a week to confirm that you can take part in both "
        "the online course and the days in Geneva. We will then write to you about the next "
        "steps: the start of the course, your scholarship if you asked for one, and the "
        "practical arrangements for your stay.\n\n"
        "Please mention your reference, {{ reference }}, whenever you write to us.\n\n"
        "Congratulations, and welcome. We look forward to working with you.\n\n" + _SIGNATURE,
    ),
    "waitlisted": (
        "{{ edition }}: your application is on our waiting list",
        "Dear {{ name }},\n\n"
        "Thank you for applying to {{ edition }}, and for the care you put into your "
        "application.\n\n"
        "The choice was very close this year. We cannot offer you a place for now, but we "
        "would like to keep your application on our waiting list: if a selected participant "
        "cannot take part, we will offer their place to someone on the list.\n\n"
        "We will let you know either way before the online course starts. There is nothing "
        "you need to do in the meantime; if you would no longer be able to take part, simply "
        "reply to this email to tell us.\n\n"
        "Your reference is {{ reference }}.\n\n"
        "With warm regards,\n" + _SIGNATURE,
    ),
    "declined": (
        "{{ edition }}: the outcome of your application",
        "Dear {{ name }},\n\n"
        "Thank you for applying to {{ edition }}. We are sorry to tell you that we cannot "
        "offer you a place this time.\n\n"
        "We received many more applications than the programme has places, from defenders "
        "doing remarkable and often dangerous work. This decision says nothing against the "
        "value of yours.\n\n"
        "We warmly encourage you to apply again: each edition has its own themes, and a future "
        "one may fit your work more closely. In the meantime, our website shares news, guides "
        "and trainings on the UN human rights system that may help your advocacy.\n\n"
        "Your reference is {{ reference }}; please mention it if you write to us.\n\n"
        "With our thanks, and our best wishes for your work,\n" + _SIGNATURE,
    ),
}

# FICTIONAL DEMO DATA from here on. The applicants, their organisations, answers and emails
# are invented for the demo, made up from the word lists below: none is a real person or
# organisation, and every address is at example.org. The figures are ISHR's: 434 applications
# to HRDAP 2024 for 16 places, and all participants satisfied or very satisfied. The first
# selected applicants are the edition's participants above, as staff would know them.

# (countries, given names, family names), by region: names are drawn within a region.
_NAME_POOLS = [
    (
        ["KE", "UG", "TZ", "RW", "ET", "BI", "SS"],
        ["Achieng", "Wanjiru", "Okello", "Amani", "Neema", "Baraka", "Kato", "Selam"],
        ["Otieno", "Mwangi", "Nakato", "Mutesi", "Kiprono", "Alemu", "Wekesa", "Lokuru"],
    ),
    (
        ["NG", "GH", "SN", "CM", "CD", "ML", "BF", "CI", "NE", "TG"],
        ["Adaeze", "Kwame", "Awa", "Moussa", "Efua", "Chidi", "Mariam", "Yao", "Fatou"],
        ["Okonkwo", "Mensah", "Diallo", "Traoré", "Ndiaye", "Eze", "Koffi", "Mbarga", "Sow"],
    ),
    (
        ["ZW", "ZA", "MW", "ZM", "MZ", "BW"],
        ["Tendai", "Thandiwe", "Chipo", "Lwazi", "Mphatso", "Nomsa", "Tafadzwa", "Lindiwe"],
        ["Moyo", "Dlamini", "Banda", "Phiri", "Mokoena", "Ncube", "Sithole", "Chirwa"],
    ),
    (
        ["EG", "TN", "MA", "LB", "JO", "IQ", "YE", "DZ", "LY", "SD"],
        ["Amira", "Youssef", "Salma", "Karim", "Layla", "Omar", "Nour", "Hassan", "Rania"],
        ["Haddad", "Mansour", "Saleh", "Benali", "Khalil", "Nasser", "Aziz", "Farouk"],
    ),
    (
        ["IN", "PK", "BD", "LK", "NP", "AF"],
        ["Priya", "Arjun", "Ayesha", "Farhan", "Nadia", "Rohan", "Kavitha", "Zainab"],
        ["Sharma", "Rahman", "Perera", "Qureshi", "Gurung", "Hossain", "Nair", "Karimi"],
    ),
    (
        ["PH", "ID", "MY", "TH", "KH", "MM", "TL"],
        ["Maria", "Ayu", "Somchai", "Dara", "Siti", "Thida", "Joy", "Rizal", "Malee"],
        ["Santos", "Wijaya", "Rahmat", "Chanthavong", "Sok", "Aung", "Reyes", "Lim"],
    ),
    (
        ["MX", "CO", "BR", "PE", "GT", "HN", "VE", "NI", "BO", "EC", "SV", "PY"],
        ["Lucía", "Mateo", "Valentina", "Diego", "Camila", "Andrés", "Ana", "Joaquín", "Rosa"],
        ["García", "Rodríguez", "Mamani", "Silva", "Hernández", "Quispe", "Torres", "Lopes"],
    ),
    (
        ["KZ", "KG", "TJ", "UZ", "TR", "AZ", "AM", "GE", "RS", "UA", "MD"],
        ["Aida", "Timur", "Elif", "Nino", "Arman", "Dilnoza", "Lasha", "Ivana", "Oksana"],
        ["Abdullaeva", "Yilmaz", "Beridze", "Petrović", "Kovalenko", "Grigoryan", "Nurlanov"],
    ),
    (
        ["FJ", "PG", "SB", "VU", "MN"],
        ["Mere", "Sione", "Losana", "Bat-Erdene", "Kalesi", "Tevita", "Oyuna"],
        ["Tuilagi", "Naidu", "Koroi", "Batbayar", "Vaai", "Waqa", "Ganbold"],
    ),
]
_ORGANISATION_KINDS = [
    "Centre for",
    "Network for",
    "Coalition for",
    "Initiative for",
    "Forum for",
    "Observatory on",
    "Alliance for",
    "Collective for",
]
_CAUSES = [
    "Civic Space",
    "Justice and Dignity",
    "Land Rights",
    "Women's Rights",
    "Press Freedom",
    "Indigenous Peoples' Rights",
    "Accountability",
    "Migrants' Rights",
    "Environmental Justice",
    "Disability Rights",
    "LGBTIQ+ Equality",
    "Fair Trials",
]
_PLACES = ["Lakeside", "Highlands", "Coastal", "Northern", "Southern", "Valley", "Delta", "City"]
_ROLES = [
    "Executive director",
    "Advocacy officer",
    "Programme coordinator",
    "Lawyer",
    "Researcher",
    "Campaigns manager",
    "Founder",
    "Communications officer",
]
_PARTNERS = [
    "Seven Rivers Defenders Network",
    "Lantern Rights Alliance",
    "Open Doors Solidarity Fund",
    "Common Ground Legal Aid",
    "Harbour Light Coalition",
]
_ANSWERS = {
    "advocacy_experience": [
        "We document cases of defenders under threat and take them to our national human "
        "rights commission and to parliament.",
        "I lead our campaign for a law that would protect journalists and defenders, with "
        "hearings in parliament last year.",
        "Our collective brings communities' land claims to local authorities and the courts, "
        "and to the media when nothing moves.",
        "I coordinate a coalition that monitors how the police treat protesters and reports "
        "to the ministry and to embassies.",
    ],
    "un_engagement": [
        "We contributed to a shadow report for our country's last Universal Periodic Review.",
        "I sent two submissions to Special Rapporteurs, one of which led to a communication.",
        "Our organisation attended a treaty body review online, but we have never been to Geneva.",
        "None yet beyond reading UN reports; this is why I am applying.",
    ],
    "geneva_objectives": [
        "To meet the Special Rapporteur on defenders and the missions of States that follow "
        "our country closely.",
        "To deliver a statement at the Council and build support for recommendations on civic "
        "space.",
        "To learn how to follow up UPR recommendations with diplomats, and to find allies.",
        "To raise the situation of land defenders and learn how to use the complaint procedures.",
    ],
    "peer_learning": [
        "Years of work with communities on keeping safe while speaking out.",
        "Experience of building coalitions between very different organisations.",
        "Practical knowledge of documenting violations to a legal standard.",
        "Ways of reaching young people through radio and social media.",
    ],
}
# Satisfaction of the sixteen HRDAP 2024 participants (12 very satisfied, 4 satisfied), with
# an invented comment for some, as the end-of-programme survey would record them.
HRDAP_2024_FEEDBACK = [
    (5, "The coaching on my advocacy plan was the most useful part."),
    (5, ""),
    (5, "Meeting diplomats in person changed how I prepare our reports."),
    (4, "The online part was heavy alongside my job, but worth it."),
    (5, ""),
    (5, "I now know which UN procedure to use for which problem."),
    (4, ""),
    (5, "The group itself was a lesson: I keep in touch with four of them."),
    (5, ""),
    (5, ""),
    (4, "More time to prepare the Council statement would help."),
    (5, "Safety planning was taken seriously from the first day."),
    (5, ""),
    (5, ""),
    (4, ""),
    (5, "I would recommend it to any colleague working with the UN."),
]

# The survey's answers came in over the two weeks after the days in Geneva.
HRDAP_2024_FEEDBACK_FROM = date(2024, 6, 22)


@dataclass(frozen=True)
class DemoApplication:
    """An invented application, with the status changes that led to its status."""

    answers: dict
    status: str
    submitted_at: datetime
    changes: tuple[tuple[str, str, datetime], ...] = ()  # (from, to, when)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _applicant(rng: random.Random, n: int, prefix: str) -> dict:
    countries, given, family = rng.choice(_NAME_POOLS)
    full_name = f"{rng.choice(given)} {rng.choice(family)}"
    place = rng.choice(_PLACES)
    local = _ascii(full_name).lower().replace(" ", ".").replace("'", "")
    return {
        "reference": f"{prefix}-" + "".join(rng.choices(REFERENCE_ALPHABET, k=6)),
        "full_name": full_name,
        "email": f"{local}.{n}@example.org",
        "country": rng.choice(countries),
        "organisation": f"{place} {rng.choice(_ORGANISATION_KINDS)} {rng.choice(_CAUSES)}",
        "role": rng.choice(_ROLES),
        **{question: rng.choice(answers) for question, answers in _ANSWERS.items()},
        "english_level": rng.choices(["fluent", "working", "basic"], weights=[5, 8, 2])[0],
        "available_online": rng.choices(["yes", "partly"], weights=[9, 1])[0],
        "available_geneva": rng.choices(["yes", "partly", "no"], weights=[17, 2, 1])[0],
        "scholarship": rng.choices(["none", "partial", "full"], weights=[2, 3, 5])[0],
        "recommending_organisation": rng.choice(_PARTNERS),
        "consent_selection": True,
        "consent_share_cohosts": rng.random() < 0.8,
        "consent_publication": rng.random() < 0.4,
    }


HRDAP_2024_APPLICANTS = 434
HRDAP_2024_SELECTED = 16
HRDAP_2024_WAITLISTED = 6
HRDAP_2024_SHORTLISTED_THEN_DECLINED = 18


def hrdap_2024_applications() -> list[DemoApplication]:
    """The 434 applications to HRDAP 2024: 16 selected, 6 on the waiting list, the others
    declined (18 of them after the shortlist). The same every time."""
    rng = random.Random("hrdap-2024-applications")
    opens, closes = _at(2023, 11, 1, 9), _at(2024, 1, 15, 23, 59, 59)
    shortlisted_on, decided_on = _at(2024, 2, 9, 10), _at(2024, 2, 23, 10)
    span = (closes - opens).total_seconds()
    participants = PARTICIPANTS[HRDAP_2024]
    applications = []
    for n in range(HRDAP_2024_APPLICANTS):
        answers = _applicant(rng, n, "HRDAP24")
        if n < len(participants):  # the participants shown on the edition's page
            person = participants[n]
            answers |= {
                "full_name": person["display_name"],
                "organisation": person["organisation"],
                "country": person["country"],
                "email": f"{_ascii(person['display_name']).lower().replace(' ', '.')}@example.org",
            }
        if n < HRDAP_2024_SELECTED:
            path = ["shortlisted", "selected"]
        elif n < HRDAP_2024_SELECTED + HRDAP_2024_WAITLISTED:
            path = ["shortlisted", "waitlisted"]
        elif n < (
            HRDAP_2024_SELECTED + HRDAP_2024_WAITLISTED + HRDAP_2024_SHORTLISTED_THEN_DECLINED
        ):
            path = ["shortlisted", "declined"]
        else:
            path = ["declined"]
        # Most applications arrive in the last weeks of a call.
        submitted_at = opens + timedelta(seconds=int(span * rng.random() ** 0.5))
        steps = ["submitted", *path]
        when = {"shortlisted": shortlisted_on}
        changes = tuple(
            (before, after, when.get(after, decided_on))
            for before, after in itertools.pairwise(steps)
        )
        applications.append(DemoApplication(answers, path[-1], submitted_at, changes))
    return applications


def open_call_applications(*, year: int, opens: datetime, today: date) -> list[DemoApplication]:
    """A dozen submitted applications to the open call, to try reviews and decisions on.
    All arrived before `today`; their references and answers depend only on the year."""
    rng = random.Random(f"hrdap-{year}-applications")
    prefix = f"HRDAP{year % 100:02d}"
    now = datetime.combine(today, time(9), tzinfo=GENEVA)
    applications = []
    for n in range(12):
        answers = _applicant(rng, n, prefix)
        submitted_at = min(opens + timedelta(days=1 + 2 * n, hours=rng.randrange(14)), now)
        applications.append(DemoApplication(answers, "submitted", submitted_at))
    return applications
