"""Demo content for `manage.py load_demo`: ISHR's 2024 review (its programmes' are in
programmes/demo.py).

Facts and figures come from ISHR's published 2024 review and programme calls; the wording is
the site's own. Everything here is plain data except the illustration generator at the end,
which draws one abstract picture per highlight so the demo ships no third-party images.
"""

import functools
import io
import math
import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PIL import Image, ImageDraw

from core.dates import GENEVA
from programmes.demo import HRDAP_2024

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

KEY_FIGURES: list[dict[str, Any]] = [
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

# In ISHR's order. An "outcome" holds the facts of what changed that the published review
# states (who decided, ISHR's role, the partners it names), and nothing more: it gives no
# session, date, document symbol or vote, so neither does the demo. Each source is a page
# found on ishr.ch; where no page could be checked, the source is ISHR's news index rather
# than an address that might not exist.
HIGHLIGHTS: list[dict[str, Any]] = [
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
        # The review names UNARC as the partner of this work: named with its agreement.
        "outcome": {
            "ishr_role": "co-led",
            "partners": "UN Anti-racism Coalition (UNARC)",
            "partners_may_be_named": True,
        },
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
        "outcome": {"ishr_role": "led"},
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
        "outcome": {"decided_by": "european-parliament"},
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
        "outcome": {"decided_by": "local-authority", "ishr_role": "led"},
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
        "outcome": {"ishr_role": "led"},
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
