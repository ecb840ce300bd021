"""French versions of the programmes' demo texts (programmes/demo.py), written for the site;
loaded by `manage.py load_demo` into the `_fr` columns (see programmes/translation.py).

Typography: a no-break space (U+00A0) stands before : ; ! ? and is the thousands separator
(CHF 3 000), as French usage wants.
"""

# slug (as in demo.PROGRAMMES) -> texts
PROGRAMMES = {
    "hrdap": {
        "name": "Programme de plaidoyer pour les défenseurs et défenseuses des droits humains",
        "summary": (
            "La formation phare de l'ISHR, destinée aux défenseurs et défenseuses qui ont de "
            "l'expérience : un cours en ligne à temps partiel, puis une dizaine de jours de "
            "plaidoyer à Genève pendant une session du Conseil des droits de l'homme."
        ),
        "description": (
            "<p>Le Programme de plaidoyer pour les défenseurs et défenseuses des droits humains "
            "est la formation phare de l'ISHR. Il s'adresse à des défenseurs et défenseuses d'ONG "
            "qui ont une solide expérience, mènent déjà un plaidoyer dans leur pays et possèdent "
            "une première connaissance du système international des droits humains.</p>"
            "<h2>Deux volets</h2>"
            "<p>Depuis 2023, le programme est hybride.</p>"
            "<ul>"
            "<li><strong>En ligne, à temps partiel, pendant 8 à 10 semaines.</strong> Des modules "
            "d'apprentissage en ligne, des séances de questions-réponses en direct avec des "
            "spécialistes, un coaching individuel, et votre propre boîte à outils de plaidoyer, "
            "du pitch éclair aux recommandations SMART. Tout le monde suit ce volet.</li>"
            "<li><strong>À Genève, à temps plein, une dizaine de jours,</strong> pendant que "
            "siège le Conseil des droits de l'homme : le fonctionnement des mécanismes de l'ONU, "
            "un plan de plaidoyer personnel élaboré avec un coach, une prise de parole devant le "
            "Conseil, et des rencontres avec des experts de l'ONU (procédures spéciales), des "
            "diplomates et des fonctionnaires de l'ONU.</li>"
            "</ul>"
            "<h2>Thèmes</h2>"
            "<p>À la suite d'une évaluation externe menée en 2024, nous donnons désormais à "
            "chaque édition ses propres thèmes, qui changent d'une année à l'autre.</p>"
            "<h2>La sécurité d'abord</h2>"
            "<p>Coopérer avec l'ONU peut être dangereux : des représailles contre celles et ceux "
            "qui le font sont recensées chaque année. Cao Shunli a été arrêtée en 2013 alors "
            "qu'elle partait suivre une formation de l'ISHR à Genève, et elle est morte en "
            "détention en 2014. C'est pourquoi nous présentons généralement les personnes "
            "participantes sans les nommer.</p>"
        ),
    },
    "whrd-aw": {
        "name": "Semaine de plaidoyer des défenseuses des droits humains",
        "summary": (
            "Une semaine de plaidoyer auprès de l'ONU à Genève pour les défenseuses des droits "
            "humains, co-organisée avec des organisations partenaires : elle se tient pendant une "
            "session du Conseil des droits de l'homme, après une formation virtuelle."
        ),
        "description": (
            "<p>La Semaine de plaidoyer des défenseuses des droits humains réunit des défenseuses "
            "à Genève pendant une semaine, alors que le Conseil des droits de l'homme est en "
            "session.</p>"
            "<p>Une formation virtuelle a lieu en amont, pour que les participantes arrivent en "
            "sachant comment fonctionne le système des droits humains de l'ONU. À Genève, elles "
            "portent ensuite leurs causes devant le Conseil, les experts de l'ONU et les "
            "diplomates.</p>"
            "<p>L'ISHR organise la semaine avec des organisations partenaires, qui en sont "
            "co-organisatrices. Aucun appel public à candidatures n'a été publié pour "
            "celle-ci.</p>"
        ),
    },
}

HRDAP_ELIGIBILITY = (
    "<p>Le programme s'adresse à des défenseurs et défenseuses des droits humains expérimentés "
    "qui travaillent dans des ONG, mènent déjà des actions de plaidoyer au niveau national et ont "
    "une certaine connaissance du système international des droits humains.</p>"
    "<ul>"
    "<li>Vous participez aux deux volets : le cours en ligne à temps partiel et les journées à "
    "Genève à temps plein.</li>"
    "<li>La formation se déroule en anglais : vous devez donc pouvoir la suivre et prendre la "
    "parole en anglais.</li>"
    "</ul>"
)

# The paragraph the open call adds to HRDAP_ELIGIBILITY.
HRDAP_OPEN_CALL_THEMES = (
    "<p>Cette édition s'adresse aux défenseurs et défenseuses qui travaillent sur l'un de ses "
    "thèmes ou sur les deux : le recul démocratique et la justice raciale.</p>"
)

HRDAP_COSTS = (
    "<p>Les frais de formation s'élèvent à environ CHF 3 000, et le voyage et le séjour à Genève "
    "à environ CHF 4 000.</p>"
    "<p>Si vous ne pouvez pas couvrir ces frais, demandez une bourse complète ou partielle dans "
    "votre candidature.</p>"
)

HRDAP_SELECTION = (
    "<p>Les candidatures sont évaluées selon les critères suivants :</p>"
    "<ol>"
    "<li>L'adéquation de votre travail avec les priorités de l'ISHR ou avec l'ordre du jour de la "
    "session du Conseil.</li>"
    "<li>Votre connaissance des droits humains, et votre disposition à recourir à l'ONU dans le "
    "plaidoyer que vous menez dans votre pays.</li>"
    "<li>Votre expérience du plaidoyer au niveau national ou régional.</li>"
    "<li>Votre rôle et vos responsabilités au sein de votre organisation.</li>"
    "<li>Votre envie d'apprendre des autres personnes participantes et avec elles.</li>"
    "<li>Votre engagement en faveur de l'universalité et de la non-discrimination.</li>"
    "<li>Vos compétences en communication, en langues et en organisation.</li>"
    "<li>La possibilité d'une collaboration stratégique entre vous et l'ISHR.</li>"
    "<li>La recommandation d'une organisation partenaire.</li>"
    "<li>Votre niveau d'anglais.</li>"
    "</ol>"
)

# The same texts for the 2024 edition, whose call is over: told in the past.
HRDAP_2024_ELIGIBILITY = (
    "<p>Le programme s'adressait à des défenseurs et défenseuses des droits humains "
    "expérimentés qui travaillaient dans des ONG, menaient déjà des actions de plaidoyer au "
    "niveau national et avaient une certaine connaissance du système international des droits "
    "humains.</p>"
    "<ul>"
    "<li>Les participants et participantes ont suivi les deux volets : le cours en ligne "
    "à temps partiel et les journées à Genève à temps plein.</li>"
    "<li>La formation se déroulait en anglais : il fallait donc pouvoir la suivre et "
    "prendre la parole en anglais.</li>"
    "</ul>"
)

HRDAP_2024_COSTS = (
    "<p>Les frais de formation s'élevaient à environ CHF 3 000, et le voyage et le "
    "séjour à Genève à environ CHF 4 000.</p>"
    "<p>Les candidats et candidates qui ne pouvaient pas couvrir ces frais pouvaient demander "
    "une bourse complète ou partielle.</p>"
)

HRDAP_2024_SELECTION = (
    "<p>Les candidatures ont été évaluées selon les critères suivants :</p>"
    "<ol>"
    "<li>L'adéquation du travail de la personne avec les priorités de l'ISHR ou avec l'ordre "
    "du jour de la session du Conseil.</li>"
    "<li>Sa connaissance des droits humains, et sa disposition à recourir à l'ONU dans le "
    "plaidoyer mené dans son pays.</li>"
    "<li>Son expérience du plaidoyer au niveau national ou régional.</li>"
    "<li>Son rôle et ses responsabilités au sein de son organisation.</li>"
    "<li>Son envie d'apprendre des autres personnes participantes et avec elles.</li>"
    "<li>Son engagement en faveur de l'universalité et de la non-discrimination.</li>"
    "<li>Ses compétences en communication, en langues et en organisation.</li>"
    "<li>La possibilité d'une collaboration stratégique avec l'ISHR.</li>"
    "<li>La recommandation d'une organisation partenaire.</li>"
    "<li>Son niveau d'anglais.</li>"
    "</ol>"
)

# The open call's summary is a format string: {council_session}, e.g. HRC59.
EDITION_SUMMARIES = {
    ("hrdap", 2024): (
        "La 10e édition : 16 défenseurs et défenseuses, retenus parmi 434 candidatures, ont suivi "
        "huit semaines de formation en ligne avant de venir à Genève pendant la session HRC56."
    ),
    ("hrdap", "open"): (
        "12 places pour des défenseurs et défenseuses qui travaillent sur le recul démocratique "
        "ou la justice raciale : un cours en ligne à temps partiel à partir d'avril, puis dix "
        "jours à Genève en juin, pendant la session {council_session}."
    ),
    ("whrd-aw", 2024): (
        "Onze défenseuses engagées pour la justice environnementale et climatique ont passé une "
        "semaine à Genève, co-organisée par six organisations, pendant la session HRC57."
    ),
}

# English component name (as in demo.editions) -> texts (plain text)
COMPONENTS = {
    "Online course": {
        "name": "Cours en ligne",
        "place": "En ligne",
        "description": (
            "Formation à distance à temps partiel : apprentissage en ligne sur les mécanismes de "
            "l'ONU, séances de questions-réponses en direct avec des spécialistes, coaching "
            "individuel, et constitution de votre boîte à outils de plaidoyer (pitch éclair, "
            "recommandations SMART)."
        ),
    },
    "Days in Geneva": {
        "name": "Journées à Genève",
        "place": "Genève, Suisse",
        "description": (
            "À temps plein à Genève, pendant que siège le Conseil des droits de l'homme : "
            "fonctionnement des mécanismes de l'ONU, plan de plaidoyer personnel élaboré avec un "
            "coach, prise de parole devant le Conseil, et rencontres avec des experts, des "
            "diplomates et des fonctionnaires de l'ONU."
        ),
    },
    "Virtual training": {
        "name": "Formation virtuelle",
        "place": "En ligne",
        "description": (
            "Une première approche du système international des droits humains : ses grands "
            "principes, ses procédures et ses acteurs, pour se préparer à la semaine à Genève."
        ),
    },
    "Advocacy week in Geneva": {
        "name": "Semaine de plaidoyer à Genève",
        "place": "Genève, Suisse",
        "description": (
            "Une formation au fonctionnement du Conseil, puis des rencontres avec les procédures "
            "spéciales, le HCDH et des diplomates pour porter la justice environnementale et "
            "climatique à l'ONU."
        ),
    },
}

# English criterion name (as in demo.HRDAP_CRITERIA) -> (name, description)
CRITERIA = {
    "Fit with ISHR's priorities": (
        "Adéquation avec les priorités de l'ISHR",
        "Dans quelle mesure le travail de la personne candidate correspond aux priorités de "
        "l'ISHR, ou à l'ordre du jour de la session du Conseil à laquelle elle participerait.",
    ),
    "Readiness to use the UN at home": (
        "Disposition à recourir à l'ONU pour son plaidoyer national",
        "Ce que la personne candidate sait des droits humains, et dans quelle mesure elle est "
        "prête à intégrer l'ONU au plaidoyer qu'elle mène dans son propre pays.",
    ),
    "Advocacy experience": (
        "Expérience du plaidoyer",
        "Ce que la personne candidate a déjà entrepris, et obtenu, par son plaidoyer au niveau "
        "national ou régional.",
    ),
    "Role in their organisation": (
        "Rôle dans son organisation",
        "Les responsabilités qu'exerce la personne candidate, et la mesure dans laquelle ce "
        "qu'elle apprendra profitera ensuite au travail de son organisation.",
    ),
    "Learning with peers": (
        "Apprendre entre pairs",
        "L'envie de la personne candidate d'apprendre des autres personnes participantes, et ce "
        "qu'elle apporterait au groupe en retour.",
    ),
    "Universality and non-discrimination": (
        "Universalité et non-discrimination",
        "L'engagement de la personne candidate en faveur des droits de chaque personne, sans "
        "discrimination d'aucune sorte.",
    ),
    "Communication and organisation": (
        "Communication et organisation",
        "La clarté avec laquelle la personne candidate s'exprime à l'oral et à l'écrit, en "
        "anglais et dans d'autres langues, et sa capacité à planifier et à organiser son travail.",
    ),
    "Partnership with ISHR": (
        "Partenariat avec l'ISHR",
        "La possibilité pour l'ISHR et la personne candidate de poursuivre une collaboration "
        "stratégique après le programme.",
    ),
    "Partner recommendation": (
        "Recommandation d'un partenaire",
        "Le soutien d'une organisation partenaire qui connaît le travail de la personne candidate "
        "et la recommande.",
    ),
    "English": (
        "Anglais",
        "La capacité de la personne candidate à suivre la formation en anglais et à prendre la "
        "parole en réunion.",
    ),
}
