"""Demo content for `manage.py load_demo`: ISHR's 2024 review and its programmes.

Facts and figures come from ISHR's published 2024 review and programme calls; the wording is
the site's own. Everything here is plain data except the illustration generator at the end,
which draws one abstract picture per highlight so the demo ships no third-party images.
"""

import functools
import io
import itertools
import math
import random
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PIL import Image, ImageDraw

from core.dates import GENEVA
from programmes.models import REFERENCE_ALPHABET

# The review and all of its highlights went public on this (past) date.
REVIEW_PUBLISHED_AT = datetime(2025, 1, 30, 9, 0, tzinfo=GENEVA)

THEMES = {
    # slug: name
    "women-human-rights-defenders": "Women human rights defenders",
    "reprisals": "Reprisals",
    "accountability": "Accountability",
    "racial-justice": "Racial justice",
    "lgbtiq-rights": "LGBTIQ+ rights",
    "environment-and-climate-justice": "Environment and climate justice",
    "protection-of-defenders": "Protection of defenders",
    "advocacy-training": "Advocacy training",
    "democratic-backsliding": "Democratic backsliding",
}

REVIEW = {
    "year": 2024,
    "title": "Looking back at 2024",
    "intro": (
        "<p>Conflict, crackdowns and shrinking civic space tested human rights defenders "
        "almost everywhere in 2024. ISHR kept working at their side, convinced that dignity "
        "and justice for all stay within reach when the people who defend rights are heard.</p>"
        "<p>With the backing of our partners and donors, we helped set new international "
        "standards for the protection of defenders, and we trained grassroots activists to "
        "drive change in their own communities and countries. Here is some of what that work "
        "achieved.</p>"
    ),
    # Readers see a still first; the site loads nothing from YouTube until they press play.
    "video_url": "https://www.youtube.com/watch?v=ISHR2024rev",
    "video_title": "Ten examples of our impact in 2024",
    "outlook": (
        "<p>In 2025 we will go on standing with defenders and working for them: helping them "
        "bring injustice to light, pursue accountability, find solidarity beyond their "
        "borders, and shape answers to today's overlapping crises that start from their own "
        "communities.</p>"
        "<p>None of it happens without our partners and donors. Thank you for making this "
        "year's results possible, and for staying with us for the next one.</p>"
    ),
}

HRDAP_2024 = ("hrdap", 2024)

KEY_FIGURES = [
    # In the order shown, positions 10, 20, 30... A figure with a "source" is computed from
    # that edition's applications or feedback (see the "Selection" section below); the
    # others are typed in.
    {"value": "1,000", "unit": "+", "label": "human rights defenders trained"},
    {
        "source": "selected-of-applicants",
        "edition": HRDAP_2024,
        "label": "applicants chosen for our Human Rights Defender Advocacy Programme",
    },
    {
        "source": "satisfied",
        "edition": HRDAP_2024,
        "label": "of participants satisfied or very satisfied with the programme",
    },
    {"value": "700", "unit": "+", "label": "defenders consulted for the Declaration+25"},
    {
        "value": "130",
        "unit": "",
        "label": "States condemned killings based on sexual orientation and gender identity",
    },
    {
        "value": "11",
        "unit": "",
        "label": "women defenders of the environment at the advocacy week in Geneva",
    },
]

# In ISHR's order. Each source is a page found on ishr.ch; where no page could be checked, the
# source is ISHR's news index rather than an address that might not exist.
HIGHLIGHTS = [
    {
        "kind": "resolution",
        "title": "A roadmap to justice for Afghanistan",
        "summary": (
            "Afghan women human rights defenders worked with us to win a resolution that "
            "maps out further international action for justice and accountability in "
            "Afghanistan."
        ),
        "body": (
            "<p>Women human rights defenders from Afghanistan shaped this work from the "
            "start. With them, we pressed States to look past the daily abuses to what lies "
            "behind them.</p>"
            "<p>The resolution that was adopted gives the international community a plan for "
            "what comes next: promoting justice and accountability, and tackling the root "
            "causes of the violations and abuses that Afghans endure.</p>"
        ),
        "countries": ["AF"],
        "themes": ["women-human-rights-defenders", "accountability"],
        "source": (
            "Afghan women defenders call for accountability",
            "https://ishr.ch/latest-updates/afghan-women-human-rights-defenders-call-for-"
            "accountability-for-ongoing-and-systematic-human-rights-violations/",
        ),
    },
    {
        "kind": "standard-setting",
        "title": "Declaration+25: new standards for defenders",
        "summary": (
            "Marking 25 years of the UN Declaration on human rights defenders, we drafted the "
            "Declaration+25 with lawyers and experts, after consulting more than 700 "
            "defenders."
        ),
        "body": (
            "<p>To mark 25 years of the UN Declaration on human rights defenders, we asked "
            "defenders themselves what protection they need today. More than 700 of them took "
            "part, and lawyers and human rights experts helped us turn what they said into a "
            "text: the Declaration+25.</p>"
            "<p>The new document rests on international law. It draws on a quarter of a "
            "century of international case law, on how movements and activism have changed, "
            "and on what defenders have lived through. It does not replace the UN "
            "Declaration: it adds to it, and the two are meant to be read together.</p>"
            "<h2>Who it is for</h2>"
            "<p>Anyone who works to protect defenders can cite it with authority: defenders "
            "themselves, academics, NGOs, the UN's and regional human rights bodies, and "
            "governments. It states the standards that protect the right to defend rights, "
            "and the people who exercise that right.</p>"
        ),
        "countries": [],
        "themes": ["protection-of-defenders"],
        "source": (
            "Civil society unveils the Declaration+25",
            "https://ishr.ch/latest-updates/civil-society-unveils-new-supplement-of-un-"
            "declaration-protecting-human-rights-defenders",
        ),
    },
    {
        "kind": "capacity-building",
        "title": "Over 1,000 defenders trained",
        "summary": (
            "We trained over 1,000 human rights defenders. Of the 16 chosen from 434 "
            "applicants for our advocacy programme (HRDAP), 100% said they were very "
            "satisfied or satisfied."
        ),
        "body": (
            "<p>Over the year we trained more than 1,000 human rights defenders and "
            "strengthened their skills, working with them as partners for progressive change "
            "where they live.</p>"
            "<h2>The Human Rights Defender Advocacy Programme</h2>"
            "<p>Our flagship training received 434 applications for 16 places. Every one of "
            "the 16 participants described themselves as very satisfied or satisfied, and "
            "they told us the programme did much to build their skills and networks and to "
            "move their advocacy goals forward at the UN.</p>"
        ),
        "countries": [],
        "themes": ["advocacy-training"],
        "source": (
            "Ten years of HRDAP, with the 2024 cohort",
            "https://ishr.ch/latest-updates/celebrating-10-years-of-hrdap-with-our-2024-"
            "flagship-programme-cohort",
        ),
    },
    {
        "kind": "mandate",
        "title": "Racial justice mechanism EMLER renewed",
        "summary": (
            "Alongside the UN Anti-racism Coalition (UNARC), we won the renewal of EMLER, the "
            "UN expert mechanism on racial justice and equality in law enforcement, for three "
            "years and with more resources."
        ),
        "body": (
            "<p>The Expert Mechanism to Advance Racial Justice and Equality in Law "
            "Enforcement (EMLER) will carry on for three more years, with stronger resources. "
            "We worked for this outcome in partnership with the UN Anti-racism Coalition "
            "(UNARC).</p>"
            "<p>The extension acknowledges what the experts have achieved so far. It also "
            "answers a clear need: someone must keep examining systemic racism in the way "
            "States enforce the law, and what it does to African and Afrodescendant people "
            "and communities across the world.</p>"
        ),
        "countries": [],
        "themes": ["racial-justice", "accountability"],
        "source": (
            "A call to renew the mandate of EMLER",
            "https://ishr.ch/latest-updates/a-call-for-transformative-change-for-racial-"
            "justice-and-equality-in-policing/",
        ),
    },
    {
        "kind": "campaign",
        "title": "States speak out for detained defenders",
        "summary": (
            "Our campaign to make reprisals costly paid off: States at the Human Rights "
            "Council and the General Assembly publicly stood up for arbitrarily detained "
            "defenders we campaigned for."
        ),
        "body": (
            "<p>Defenders who engage with the UN are too often punished for it. Our campaign "
            "set out to raise the political price paid by those who carry out such "
            "reprisals.</p>"
            "<p>It worked. States used two of the UN's most visible platforms, the Human "
            "Rights Council and the General Assembly, to speak out publicly in solidarity "
            "with several arbitrarily detained defenders whose cases ISHR had taken up.</p>"
        ),
        "countries": [],
        "themes": ["reprisals", "protection-of-defenders"],
        "source": (
            "#HRC57: civil society calls on States to #EndReprisals",
            "https://ishr.ch/latest-updates/hrc57-civil-society-calls-on-states-to-endreprisals",
        ),
    },
    {
        "kind": "mandate",
        "title": "Sudan: fact-finding mission renewed",
        "summary": (
            "Sudanese women human rights defenders and ISHR pressed for more time for the "
            "international Fact-Finding Mission on Sudan, and States renewed its mandate."
        ),
        "body": (
            "<p>Side by side with Sudanese women defenders, we argued that the fact-finding "
            "mission must be allowed to carry on, and States agreed to renew it.</p>"
            "<p>The renewal keeps independent human rights scrutiny in place over every side "
            "to the conflict that has engulfed the country: scrutiny that Sudanese people "
            "still urgently need.</p>"
        ),
        "countries": ["SD"],
        "themes": ["accountability", "women-human-rights-defenders"],
        "source": (
            "ISHR news and statements on Sudan",
            "https://ishr.ch/latest-updates/",
        ),
    },
    {
        "kind": "mandate",
        "title": "Venezuela: fact-finding mission extended",
        "summary": (
            "Years of partnership with Venezuelan defenders paid off: the international "
            "Fact-Finding Mission on Venezuela will keep working, and so will the UN human "
            "rights office (OHCHR) on the country."
        ),
        "body": (
            "<p>We have worked with Venezuelan human rights defenders for many years. "
            "Together we won more time for two bodies that watch the country closely: the "
            "fact-finding mission (FFM) and the Office of the High Commissioner for Human "
            "Rights (OHCHR), whose mandates were both extended.</p>"
            "<p>The mission has been vital in recording Venezuela's human rights and "
            "humanitarian crisis and bringing it to light. What it gathers will support the "
            "continuing efforts to hold perpetrators accountable for grave violations, crimes "
            "against humanity among them.</p>"
        ),
        "countries": ["VE"],
        "themes": ["accountability"],
        "source": (
            "ISHR news and statements on Venezuela",
            "https://ishr.ch/latest-updates/",
        ),
    },
    {
        "kind": "solidarity",
        "title": "EU Parliament: free Gulshan Abbas and Ilham Tohti",
        "summary": (
            "After we took their cases to Brussels with Uyghur defenders, the European "
            "Parliament adopted a landmark resolution demanding freedom for doctor Gulshan "
            "Abbas and economist Ilham Tohti."
        ),
        "body": (
            "<p>Alongside Uyghur human rights defenders, we took the cases of two detained "
            "defenders to Brussels: Gulshan Abbas, a doctor, and Ilham Tohti, an "
            "economist.</p>"
            "<p>The European Parliament answered with a landmark resolution that calls for "
            "both to be released.</p>"
        ),
        "countries": ["CN"],
        "themes": ["protection-of-defenders"],
        "source": (
            "EU Parliament urges China to release Gulshan Abbas and Ilham Tohti",
            "https://ishr.ch/latest-updates/eu-parliament-urges-china-to-release-uyghur-"
            "doctor-gulshan-abbas-economist-ilham-tohti",
        ),
    },
    {
        "kind": "campaign",
        "title": "Joint statement on China at the UN in New York",
        "summary": (
            "Sustained advocacy by our team in New York helped bring about a significant "
            "joint statement by States at the UN on human rights in China, covering Xinjiang "
            "and Tibet."
        ),
        "body": (
            "<p>At the UN in New York, we pushed hard for States to speak with one voice "
            "about human rights in China.</p>"
            "<p>That push produced a significant joint statement on rights in China, with "
            "Xinjiang and Tibet among its concerns.</p>"
        ),
        "countries": ["CN"],
        "themes": ["accountability"],
        "source": (
            "ISHR news and statements on China",
            "https://ishr.ch/latest-updates/",
        ),
    },
    {
        "kind": "resolution",
        "title": "130 States condemn killings targeting LGBTQ people",
        "summary": (
            "Working in coalition with LGBTQ organisations at the UN General Assembly, we "
            "helped ensure that 130 member States condemned extrajudicial executions that "
            "target people for their sexual orientation or gender identity."
        ),
        "body": (
            "<p>At the UN General Assembly we worked in coalition with LGBTQ NGOs. The "
            "result: 130 member States condemned extrajudicial executions that target people "
            "because of their sexual orientation or gender identity.</p>"
            "<p>This matters all the more while hateful rhetoric is growing, aimed above all "
            "at transgender people. States have agreed that extreme violence against any "
            "LGBTQ person must be investigated, and those responsible brought to justice.</p>"
            "<p>The vote shows that States accept a basic principle that no one can take "
            "away: every human being has dignity and rights.</p>"
        ),
        "countries": [],
        "themes": ["lgbtiq-rights", "accountability"],
        "source": (
            "ISHR news from the UN General Assembly",
            "https://ishr.ch/latest-updates/",
        ),
    },
    {
        "kind": "solidarity",
        "title": "A statue for Cao Shunli",
        "summary": (
            "Ten years after Cao Shunli died in police custody, we unveiled a statue in her "
            "honour. Our campaign also led the City of Geneva to plan a public monument to "
            "human rights defenders."
        ),
        "body": (
            "<p>Cao Shunli, a Chinese woman human rights defender, was detained in 2013 as "
            "she set out for an ISHR training in Geneva. She died in police custody in 2014, "
            "punished for engaging with the UN. In March we marked ten years since her "
            "death.</p>"
            "<p>The statue we unveiled pays tribute to her untiring work. It also stands for "
            "every defender who keeps turning to the UN human rights mechanisms in Geneva, "
            "whatever the danger.</p>"
            "<p>Our campaign went further: the City of Geneva has announced that it will host "
            "a public monument paying tribute to human rights defenders.</p>"
        ),
        "countries": ["CN", "CH"],
        "themes": ["reprisals", "women-human-rights-defenders", "protection-of-defenders"],
        "source": (
            "Rights groups call on Geneva to install a monument for Cao Shunli",
            "https://ishr.ch/latest-updates/in-tribute-to-cao-shunli-rights-groups-call-on-"
            "geneva-to-install-permanent-monument-for-her/",
        ),
    },
    {
        "kind": "campaign",
        "title": "Saudi Arabia kept off the Human Rights Council",
        "summary": (
            "After a concerted campaign by ISHR and civil society partners, Saudi Arabia "
            "lost its bid for a seat on the UN Human Rights Council."
        ),
        "body": (
            "<p>Together with civil society partners, we campaigned against Saudi Arabia's "
            "candidacy for the UN Human Rights Council. The bid was defeated.</p>"
            "<p>Our case rested on objective criteria:</p>"
            "<ul>"
            "<li>the State bears responsibility for international crimes;</li>"
            "<li>it represses civil society on a wide scale;</li>"
            "<li>it systematically retaliates against people who engage with the UN.</li>"
            "</ul>"
        ),
        "countries": ["SA"],
        "themes": ["reprisals", "accountability"],
        "source": (
            "Saudi Arabia loses bid to join the UN Human Rights Council",
            "https://ishr.ch/latest-updates/saudi-arabia-loses-bid-to-join-un-human-rights-"
            "council",
        ),
    },
    {
        "kind": "recognition",
        "title": "Martin Ennals Award 2024",
        "summary": (
            "The 2024 Martin Ennals Award went to Zholia Parsi from Afghanistan and "
            "Manuchehr Kholiqnazarov from Tajikistan, honouring defenders who work under "
            "deeply repressive conditions."
        ),
        "body": (
            "<p>The Martin Ennals Award honours outstanding human rights defenders. In 2024 "
            "it recognised two of them: Zholia Parsi from Afghanistan and Manuchehr "
            "Kholiqnazarov from Tajikistan.</p>"
            "<p>Both have kept defending rights in deeply repressive environments, where "
            "doing so carries a heavy personal cost.</p>"
        ),
        "countries": ["AF", "TJ"],
        "themes": ["protection-of-defenders", "women-human-rights-defenders"],
        "source": (
            "30th Martin Ennals Award goes to activists from Afghanistan and Tajikistan",
            "https://ishr.ch/latest-updates/martin-ennals-award-to-reward-rights-activists-"
            "from-afghanistan-tajiskitan-on-its-30th-edition/",
        ),
    },
    {
        "kind": "capacity-building",
        "title": "HRDAP 2025: the call for applications",
        "summary": (
            "The 2025 call of the Human Rights Defender Advocacy Programme (HRDAP), our "
            "flagship training, was open to defenders who want the UN to help them bring "
            "about change in their own country."
        ),
        "body": (
            "<p>The Human Rights Defender Advocacy Programme (HRDAP) is ISHR's flagship "
            "training, for defenders with advocacy experience at home who want to bring the "
            "UN into their strategy.</p>"
            "<h2>The 2025 edition</h2>"
            "<ul>"
            "<li>Part-time distance course: 14 April to 8 June 2025</li>"
            "<li>Full-time in Geneva: 10 to 20 June 2025</li>"
            "<li>Applications closed on 10 January 2025 at midnight, Geneva time (CET)</li>"
            "</ul>"
            "<p>The training is given in English.</p>"
        ),
        "countries": [],
        "themes": ["advocacy-training"],
        "source": (
            "HRDAP 2025: apply for ISHR's hybrid training for defenders",
            "https://ishr.ch/latest-updates/hrdap-2025-apply-now-for-ishrs-hybrid-training-"
            "for-human-rights-defenders",
        ),
    },
    {
        "kind": "capacity-building",
        "title": "WHRD Advocacy Week: climate justice in Geneva",
        "summary": (
            "From 16 to 21 September, women human rights defenders whose cause is "
            "environment and climate justice came to Geneva for the Women Human Rights "
            "Defenders Advocacy Week (WHRD-AW)."
        ),
        "body": (
            "<p>Women human rights defenders from around the world whose work centres on "
            "environment and climate justice spent 16 to 21 September in Geneva for the "
            "Women Human Rights Defenders Advocacy Week (WHRD-AW), during the 57th session "
            "of the Human Rights Council.</p>"
            "<p>Eleven defenders took part. Six organisations, ISHR among them, co-hosted "
            "the week, which followed a virtual training that prepared the participants for "
            "their days at the UN.</p>"
        ),
        "countries": ["CH"],
        "themes": [
            "women-human-rights-defenders",
            "environment-and-climate-justice",
            "advocacy-training",
        ],
        "source": (
            "Together for environmental justice: WHRD Advocacy Week 2024",
            "https://ishr.ch/latest-updates/together-for-environmental-justice-women-human-"
            "rights-advocacy-week-2024",
        ),
    },
]


# --- Programmes ---------------------------------------------------------------------------

PROGRAMMES = [
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
            "eligibility": HRDAP_ELIGIBILITY,
            "costs": HRDAP_COSTS,
            "selection": HRDAP_SELECTION,
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

PARTICIPANTS = {
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

TESTIMONIALS = {
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


# --- Illustrations ------------------------------------------------------------------------

PALETTE = {
    "navy": (0x12, 0x31, 0x5C),
    "teal": (0x0F, 0x76, 0x6E),
    "orange": (0xC2, 0x41, 0x0C),
    "sand": (0xF5, 0xEF, 0xE6),
}
IMAGE_SIZE = (1200, 675)
MAX_IMAGE_BYTES = 100_000
_SUPERSAMPLE = 2  # drawn at twice the size, then reduced, for smooth edges

_STYLES = {
    # style: how the alt text names what is drawn
    "circles": "overlapping circles and rings",
    "bands": "diagonal bands and a disc",
    "arcs": "concentric arcs",
    "tiles": "a grid of quarter-circle tiles",
    "waves": "layered waves",
}


@dataclass(frozen=True)
class Illustration:
    """What to draw for one seed; `alt` describes exactly that."""

    seed: str
    style: str
    background: str
    colours: tuple[str, ...]

    @property
    def alt(self) -> str:
        *first, last = self.colours
        colours = f"{', '.join(first)} and {last}" if first else last
        article = "an" if self.background[0] in "aeiou" else "a"
        return (
            f"Abstract illustration: {_STYLES[self.style]} in {colours} "
            f"on {article} {self.background} background"
        )


def plan_illustration(seed: str) -> Illustration:
    rng = random.Random(seed)
    style = rng.choice(sorted(_STYLES))
    names = sorted(PALETTE)
    rng.shuffle(names)
    background, *accents = names
    used = accents[:2] if style == "circles" else accents
    return Illustration(seed=seed, style=style, background=background, colours=tuple(used))


@functools.cache  # pure and deterministic: a process that loads the demo again reuses it
def render_illustration(plan: Illustration) -> bytes:
    """A progressive JPEG of IMAGE_SIZE, under MAX_IMAGE_BYTES, the same bytes every time."""
    # A second generator, seeded alike, places the shapes: the plan fixed the choices above.
    rng = random.Random(f"{plan.seed}:shapes")
    width, height = (side * _SUPERSAMPLE for side in IMAGE_SIZE)
    image = Image.new("RGB", (width, height), PALETTE[plan.background])
    draw = ImageDraw.Draw(image)
    colours = [PALETTE[name] for name in plan.colours]
    _DRAWERS[plan.style](draw, rng, width, height, colours, PALETTE[plan.background])
    image = image.resize(IMAGE_SIZE, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70, optimize=True, progressive=True)
    data = buffer.getvalue()
    if len(data) >= MAX_IMAGE_BYTES:
        raise ValueError(f"Illustration for {plan.seed!r} is {len(data)} bytes, too heavy.")
    return data


def _circles(draw, rng, w, h, colours, background):
    for i in range(rng.randint(5, 9)):
        r = rng.randint(h // 8, h // 2)
        x, y = rng.randint(0, w), rng.randint(0, h)
        colour = colours[i % 2]  # alternate, so both colours named in the alt text appear
        box = (x - r, y - r, x + r, y + r)
        if rng.random() < 0.4:
            draw.ellipse(box, outline=colour, width=rng.randint(12, 40))
        else:
            draw.ellipse(box, fill=colour)


def _bands(draw, rng, w, h, colours, background):
    count = rng.randint(5, 9)
    slant = rng.uniform(0.3, 0.9) * h
    step = (w + slant) / count
    for i in range(0, count, 2):
        x = -slant + i * step
        corners = [(x, h), (x + step, h), (x + step + slant, 0), (x + slant, 0)]
        draw.polygon(corners, fill=colours[(i // 2) % 2])
    r = rng.randint(h // 8, h // 5)
    x, y = rng.randint(r, w - r), rng.randint(r, h - r)
    draw.ellipse((x - r, y - r, x + r, y + r), fill=colours[2])


def _arcs(draw, rng, w, h, colours, background):
    cx, cy = rng.choice([(0, h), (w, h), (0, 0), (w, 0)])
    band = rng.randint(80, 150) * _SUPERSAMPLE
    for i, r in enumerate(range(int(math.hypot(w, h)), 0, -band)):
        colour = colours[(i // 2) % 3] if i % 2 == 0 else background
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)


def _tiles(draw, rng, w, h, colours, background):
    columns = rng.choice([6, 8])
    size = w // columns
    for column in range(columns):
        for row in range(math.ceil(h / size)):
            corner = rng.randrange(5)  # 4 means an empty tile
            colour = rng.choice(colours)
            if corner == 4:
                continue
            x = column * size + (size if corner in (1, 2) else 0)
            y = row * size + (size if corner in (2, 3) else 0)
            start = 90 * corner
            draw.pieslice((x - size, y - size, x + size, y + size), start, start + 90, colour)


def _waves(draw, rng, w, h, colours, background):
    layers = rng.randint(3, 5)
    for i in range(layers):
        base = h * (0.35 + 0.55 * i / layers)
        amplitude = rng.uniform(0.04, 0.12) * h
        frequency = rng.uniform(1.0, 2.5)
        phase = rng.uniform(0, math.tau)
        crest = [
            (x, base + amplitude * math.sin(frequency * math.tau * x / w + phase))
            for x in range(0, w + 40, 40)
        ]
        draw.polygon([*crest, (w, h), (0, h)], fill=colours[i % 3])


_DRAWERS = {
    "circles": _circles,
    "bands": _bands,
    "arcs": _arcs,
    "tiles": _tiles,
    "waves": _waves,
}
