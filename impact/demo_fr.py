"""French versions of the demo's texts (impact/demo.py), written for the site; loaded by
`manage.py load_demo` into the `_fr` columns (see impact/translation.py).

Typography: a no-break space (U+00A0) stands before : ; ! ? and is the thousands separator
(CHF 3 000), as French usage wants."""

# slug (as in demo.THEMES) -> theme name
THEMES = {
    "women-human-rights-defenders": "Défenseuses des droits humains",
    "reprisals": "Représailles",
    "accountability": "Établissement des responsabilités",
    "racial-justice": "Justice raciale",
    "lgbtiq-rights": "Droits des personnes LGBTIQ+",
    "environment-and-climate-justice": "Justice environnementale et climatique",
    "protection-of-defenders": "Protection des défenseurs et défenseuses",
    "advocacy-training": "Formation au plaidoyer",
    "democratic-backsliding": "Recul démocratique",
}

# demo.REVIEW's texts
REVIEW = {
    "title": "Retour sur 2024",
    "intro": (
        "<p>En 2024, les conflits, la répression et le rétrécissement de l'espace civique ont mis "
        "à rude épreuve les défenseurs et défenseuses des droits humains presque partout. L'ISHR "
        "est restée à leurs côtés, convaincue que la dignité et la justice pour toutes et tous "
        "restent à portée de main lorsque les personnes qui défendent les droits sont "
        "entendues.</p>"
        "<p>Avec le soutien de nos partenaires et de nos bailleurs de fonds, nous avons contribué "
        "à fixer de nouvelles normes internationales pour la protection des défenseurs et "
        "défenseuses, et nous avons formé des militantes et militants de terrain à impulser le "
        "changement dans leurs propres communautés et leurs propres pays. Voici une partie de ce "
        "que ce travail a permis d'accomplir.</p>"
    ),
    "video_title": "Dix exemples de notre impact en 2024",
    "outlook": (
        "<p>En 2025, nous resterons aux côtés des défenseurs et défenseuses et continuerons à "
        "œuvrer à leur service : les aider à mettre l'injustice en lumière, à obtenir que les "
        "responsables rendent des comptes, à trouver de la solidarité au-delà de leurs "
        "frontières, et à construire, à partir de leurs propres communautés, des réponses aux "
        "crises qui se superposent aujourd'hui.</p>"
        "<p>Rien de tout cela n'est possible sans nos partenaires et nos bailleurs de fonds. "
        "Merci d'avoir rendu possibles les résultats de cette année, et de rester à nos côtés "
        "pour la suivante.</p>"
    ),
}

# English label (as in demo.KEY_FIGURES) -> label
KEY_FIGURE_LABELS = {
    "human rights defenders trained": "défenseurs et défenseuses des droits humains formés",
    "applicants chosen for our Human Rights Defender Advocacy Programme": (
        "candidatures retenues pour notre Programme de plaidoyer pour les défenseurs et "
        "défenseuses des droits humains"
    ),
    "of participants satisfied or very satisfied with the programme": (
        "des personnes participantes satisfaites ou très satisfaites du programme"
    ),
    "defenders consulted for the Declaration+25": (
        "défenseurs et défenseuses consultés pour la Declaration+25"
    ),
    "States condemned killings based on sexual orientation and gender identity": (
        "États ont condamné les meurtres fondés sur l'orientation sexuelle et l'identité de genre"
    ),
    "women defenders of the environment at the advocacy week in Geneva": (
        "défenseuses de l'environnement à la semaine de plaidoyer à Genève"
    ),
}

# English title (as in demo.HIGHLIGHTS) -> title and summary
HIGHLIGHTS = {
    "A roadmap to justice for Afghanistan": {
        "title": "Une feuille de route vers la justice pour l'Afghanistan",
        "summary": (
            "Des défenseuses afghanes des droits humains ont travaillé avec nous pour obtenir une "
            "résolution qui trace la voie de nouvelles actions internationales en faveur de la "
            "justice et de l'établissement des responsabilités en Afghanistan."
        ),
    },
    "Declaration+25: new standards for defenders": {
        "title": "Declaration+25 : de nouvelles normes pour les défenseurs et défenseuses",
        "summary": (
            "Pour les 25 ans de la Déclaration des Nations Unies sur les défenseurs des droits de "
            "l'homme, nous avons rédigé la Declaration+25 avec des juristes et des spécialistes, "
            "après avoir consulté plus de 700 défenseurs et défenseuses."
        ),
    },
    "Over 1,000 defenders trained": {
        "title": "Plus de 1 000 défenseurs et défenseuses formés",
        "summary": (
            "Nous avons formé plus de 1 000 défenseurs et défenseuses des droits humains. Sur les "
            "16 personnes retenues parmi 434 candidatures pour notre programme de plaidoyer "
            "(HRDAP), 100 % se sont dites très satisfaites ou satisfaites."
        ),
    },
    "Racial justice mechanism EMLER renewed": {
        "title": "Justice raciale : le mandat du mécanisme EMLER renouvelé",
        "summary": (
            "Aux côtés de la UN Anti-racism Coalition (UNARC), nous avons obtenu le "
            "renouvellement de l'EMLER, le mécanisme d'experts de l'ONU sur la justice et "
            "l'égalité raciales dans le maintien de l'ordre, pour trois ans et avec davantage de "
            "moyens."
        ),
    },
    "States speak out for detained defenders": {
        "title": "Des États se mobilisent pour des défenseurs et défenseuses en détention",
        "summary": (
            "Notre campagne pour que les représailles coûtent cher à leurs auteurs a porté ses "
            "fruits : au Conseil des droits de l'homme et à l'Assemblée générale, des États ont "
            "publiquement exprimé leur solidarité avec des défenseurs et défenseuses en détention "
            "arbitraire dont nous portions la cause."
        ),
    },
    "Sudan: fact-finding mission renewed": {
        "title": "Soudan : la mission d'établissement des faits renouvelée",
        "summary": (
            "Des défenseuses soudanaises des droits humains et l'ISHR ont plaidé pour que la "
            "mission internationale d'établissement des faits pour le Soudan dispose de plus de "
            "temps, et les États ont renouvelé son mandat."
        ),
    },
    "Venezuela: fact-finding mission extended": {
        "title": "Venezuela : la mission d'établissement des faits prolongée",
        "summary": (
            "Des années de partenariat avec des défenseurs et défenseuses vénézuéliens ont porté "
            "leurs fruits : la mission internationale d'établissement des faits sur le Venezuela "
            "et le Haut-Commissariat des Nations Unies aux droits de l'homme (HCDH) pourront "
            "poursuivre leur travail sur le pays."
        ),
    },
    "EU Parliament: free Gulshan Abbas and Ilham Tohti": {
        "title": "Le Parlement européen demande la libération de Gulshan Abbas et d'Ilham Tohti",
        "summary": (
            "Après que nous avons porté leurs cas à Bruxelles avec des défenseurs et défenseuses "
            "ouïghours, le Parlement européen a adopté une résolution historique exigeant la "
            "libération de la médecin Gulshan Abbas et de l'économiste Ilham Tohti."
        ),
    },
    "Joint statement on China at the UN in New York": {
        "title": "Une déclaration commune sur la Chine à l'ONU à New York",
        "summary": (
            "Le plaidoyer soutenu de notre équipe à New York a contribué à une importante "
            "déclaration commune d'États à l'ONU sur les droits humains en Chine, qui porte "
            "notamment sur le Xinjiang et le Tibet."
        ),
    },
    "130 States condemn killings targeting LGBTQ people": {
        "title": "130 États condamnent les meurtres visant les personnes LGBTQ",
        "summary": (
            "En coalition avec des organisations LGBTQ à l'Assemblée générale des Nations Unies, "
            "nous avons contribué à ce que 130 États Membres condamnent les exécutions "
            "extrajudiciaires qui visent des personnes en raison de leur orientation sexuelle ou "
            "de leur identité de genre."
        ),
    },
    "A statue for Cao Shunli": {
        "title": "Une statue pour Cao Shunli",
        "summary": (
            "Dix ans après la mort de Cao Shunli en détention, nous avons dévoilé une statue en "
            "son honneur. Notre campagne a aussi conduit la Ville de Genève à prévoir un monument "
            "public dédié aux défenseurs et défenseuses des droits humains."
        ),
    },
    "Saudi Arabia kept off the Human Rights Council": {
        "title": "L'Arabie saoudite tenue à l'écart du Conseil des droits de l'homme",
        "summary": (
            "Après une campagne concertée de l'ISHR et de partenaires de la société civile, "
            "l'Arabie saoudite n'a pas obtenu le siège qu'elle briguait au Conseil des droits de "
            "l'homme de l'ONU."
        ),
    },
    "Martin Ennals Award 2024": {
        "title": "Martin Ennals Award 2024",
        "summary": (
            "Le Martin Ennals Award 2024 a été décerné à Zholia Parsi, d'Afghanistan, et à "
            "Manuchehr Kholiqnazarov, du Tadjikistan, en hommage à des défenseurs et défenseuses "
            "qui agissent dans des contextes profondément répressifs."
        ),
    },
    "HRDAP 2025: the call for applications": {
        "title": "HRDAP 2025 : l'appel à candidatures",
        "summary": (
            "L'appel 2025 du Programme de plaidoyer pour les défenseurs et défenseuses des droits "
            "humains (HRDAP), notre formation phare, était ouvert à celles et ceux qui souhaitent "
            "s'appuyer sur l'ONU pour faire changer les choses dans leur propre pays."
        ),
    },
    "WHRD Advocacy Week: climate justice in Geneva": {
        "title": "Semaine de plaidoyer des défenseuses : la justice climatique à Genève",
        "summary": (
            "Du 16 au 21 septembre, des défenseuses des droits humains engagées pour la justice "
            "environnementale et climatique sont venues à Genève pour la Semaine de plaidoyer des "
            "défenseuses des droits humains (WHRD-AW)."
        ),
    },
}
