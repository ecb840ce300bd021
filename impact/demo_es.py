"""Spanish versions of the demo's texts (impact/demo.py), written for the site; loaded by
`manage.py load_demo` into the `_es` columns (see impact/translation.py).

Conventions: "personas defensoras de derechos humanos" (and "mujeres defensoras" for women
human rights defenders), the UN's Spanish terms ("Consejo de Derechos Humanos", "período de
sesiones", "procedimientos especiales", "ACNUDH"), "incidencia" for advocacy, "usted" for the
reader, and numbers without a thousands separator ("1000", "3000 CHF").
"""

# slug (as in demo.THEMES) -> translated theme name
THEMES = {
    "women-human-rights-defenders": "Mujeres defensoras de derechos humanos",
    "reprisals": "Represalias",
    "accountability": "Rendición de cuentas",
    "racial-justice": "Justicia racial",
    "lgbtiq-rights": "Derechos LGBTIQ+",
    "environment-and-climate-justice": "Justicia ambiental y climática",
    "protection-of-defenders": "Protección de las personas defensoras",
    "advocacy-training": "Formación en incidencia",
    "democratic-backsliding": "Retroceso democrático",
}

# demo.REVIEW's texts; intro and outlook use the same tags as the English (<p> only).
REVIEW = {
    "title": "Balance de 2024",
    "intro": (
        "<p>Conflictos, represión y un espacio cívico cada vez más reducido pusieron a prueba "
        "a las personas defensoras de derechos humanos en casi todo el mundo en 2024. El ISHR "
        "siguió trabajando a su lado, con la convicción de que la dignidad y la justicia para "
        "todas las personas siguen a nuestro alcance cuando se escucha a quienes defienden "
        "los derechos.</p>"
        "<p>Con el respaldo de nuestros socios y donantes, contribuimos a fijar nuevas normas "
        "internacionales para la protección de las personas defensoras y formamos a "
        "activistas de base para que impulsen el cambio en sus propias comunidades y países. "
        "Estos son algunos de los logros de ese trabajo.</p>"
    ),
    "video_title": "Diez ejemplos de nuestro impacto en 2024",
    "outlook": (
        "<p>En 2025 seguiremos junto a las personas defensoras y trabajando por ellas: "
        "ayudándolas a sacar a la luz las injusticias, a exigir rendición de cuentas, a "
        "encontrar solidaridad más allá de sus fronteras y a construir, desde sus propias "
        "comunidades, respuestas a las crisis entrelazadas de nuestro tiempo.</p>"
        "<p>Nada de esto es posible sin nuestros socios y donantes. Gracias por hacer "
        "posibles los resultados de este año y por seguir a nuestro lado en el próximo.</p>"
    ),
}

# English label (exactly as in demo.KEY_FIGURES) -> translated label
KEY_FIGURE_LABELS = {
    "human rights defenders trained": "personas defensoras de derechos humanos formadas",
    "applicants chosen for our Human Rights Defender Advocacy Programme": (
        "candidaturas seleccionadas para nuestro Programa de Incidencia para Personas "
        "Defensoras de Derechos Humanos"
    ),
    "of participants satisfied or very satisfied with the programme": (
        "de participantes satisfechos o muy satisfechos con el programa"
    ),
    "defenders consulted for the Declaration+25": (
        "personas defensoras consultadas para la Declaration+25"
    ),
    "States condemned killings based on sexual orientation and gender identity": (
        "Estados condenaron los asesinatos por motivos de orientación sexual e identidad de género"
    ),
    "women defenders of the environment at the advocacy week in Geneva": (
        "defensoras del medio ambiente en la semana de incidencia en Ginebra"
    ),
}

# English highlight title (exactly as in demo.HIGHLIGHTS) -> its title and summary
HIGHLIGHTS = {
    "A roadmap to justice for Afghanistan": {
        "title": "Una hoja de ruta hacia la justicia para Afganistán",
        "summary": (
            "Mujeres defensoras de derechos humanos afganas trabajaron con nosotros para "
            "lograr una resolución que traza los próximos pasos de la acción internacional "
            "en favor de la justicia y la rendición de cuentas en Afganistán."
        ),
    },
    "Declaration+25: new standards for defenders": {
        "title": "Declaration+25: nuevas normas para las personas defensoras",
        "summary": (
            "Al cumplirse 25 años de la Declaración de la ONU sobre las personas defensoras "
            "de derechos humanos, redactamos la Declaration+25 con juristas y especialistas, "
            "tras consultar a más de 700 personas defensoras."
        ),
    },
    "Over 1,000 defenders trained": {
        "title": "Más de 1000 personas defensoras formadas",
        "summary": (
            "Formamos a más de 1000 personas defensoras de derechos humanos. De las 16 "
            "personas seleccionadas entre 434 candidaturas para nuestro programa de incidencia "
            "(HRDAP), el 100 % dijo estar muy satisfecho o satisfecho."
        ),
    },
    "Racial justice mechanism EMLER renewed": {
        "title": "Renovado el EMLER, el mecanismo sobre justicia racial",
        "summary": (
            "Junto con la Coalición Antirracista de la ONU (UNARC), logramos que se renovara "
            "el EMLER, el mecanismo de expertos de la ONU sobre justicia e igualdad raciales "
            "en la aplicación de la ley, por tres años y con más recursos."
        ),
    },
    "States speak out for detained defenders": {
        "title": "Los Estados alzan la voz por las personas defensoras detenidas",
        "summary": (
            "Nuestra campaña para que las represalias salgan caras dio fruto: en el Consejo "
            "de Derechos Humanos y en la Asamblea General, los Estados apoyaron públicamente "
            "a personas defensoras detenidas arbitrariamente por las que hicimos campaña."
        ),
    },
    "Sudan: fact-finding mission renewed": {
        "title": "Sudán: renovada la misión de investigación",
        "summary": (
            "Mujeres defensoras de derechos humanos sudanesas y el ISHR reclamaron que se "
            "prolongara la labor de la misión internacional de investigación para el Sudán, y "
            "los Estados renovaron su mandato."
        ),
    },
    "Venezuela: fact-finding mission extended": {
        "title": "Venezuela: prorrogada la misión de determinación de los hechos",
        "summary": (
            "Años de colaboración con personas defensoras venezolanas dieron fruto: la misión "
            "internacional de determinación de los hechos sobre Venezuela seguirá trabajando, "
            "al igual que la Oficina de Derechos Humanos de la ONU (ACNUDH) en el país."
        ),
    },
    "EU Parliament: free Gulshan Abbas and Ilham Tohti": {
        "title": "Parlamento Europeo: libertad para Gulshan Abbas e Ilham Tohti",
        "summary": (
            "Después de que lleváramos sus casos a Bruselas con personas defensoras uigures, "
            "el Parlamento Europeo aprobó una resolución histórica que exige la libertad de "
            "la médica Gulshan Abbas y del economista Ilham Tohti."
        ),
    },
    "Joint statement on China at the UN in New York": {
        "title": "Declaración conjunta sobre China en la ONU en Nueva York",
        "summary": (
            "La incidencia sostenida de nuestro equipo en Nueva York contribuyó a una "
            "importante declaración conjunta de varios Estados en la ONU sobre los derechos "
            "humanos en China, que abarca Xinjiang y el Tíbet."
        ),
    },
    "130 States condemn killings targeting LGBTQ people": {
        "title": "130 Estados condenan los asesinatos dirigidos contra personas LGBTQ",
        "summary": (
            "En coalición con organizaciones LGBTQ en la Asamblea General de la ONU, "
            "contribuimos a que 130 Estados miembros condenaran las ejecuciones "
            "extrajudiciales de personas por su orientación sexual o identidad de género."
        ),
    },
    "A statue for Cao Shunli": {
        "title": "Una estatua para Cao Shunli",
        "summary": (
            "Diez años después de que Cao Shunli muriera bajo custodia policial, inauguramos "
            "una estatua en su honor. Nuestra campaña también llevó a la Ciudad de Ginebra a "
            "prever un monumento público a las personas defensoras de derechos humanos."
        ),
    },
    "Saudi Arabia kept off the Human Rights Council": {
        "title": "Arabia Saudita, fuera del Consejo de Derechos Humanos",
        "summary": (
            "Tras una campaña concertada del ISHR y de organizaciones aliadas de la sociedad "
            "civil, Arabia Saudita vio fracasar su candidatura a un puesto en el Consejo de "
            "Derechos Humanos de la ONU."
        ),
    },
    "Martin Ennals Award 2024": {
        "title": "Martin Ennals Award 2024",
        "summary": (
            "El Martin Ennals Award 2024 fue para Zholia Parsi, de Afganistán, y Manuchehr "
            "Kholiqnazarov, de Tayikistán, en reconocimiento a personas defensoras que "
            "trabajan en condiciones de fuerte represión."
        ),
    },
    "HRDAP 2025: the call for applications": {
        "title": "HRDAP 2025: la convocatoria",
        "summary": (
            "La convocatoria 2025 del Programa de Incidencia para Personas Defensoras de "
            "Derechos Humanos (HRDAP), nuestra formación insignia, estuvo abierta a personas "
            "defensoras que quisieran apoyarse en la ONU para lograr cambios en su propio país."
        ),
    },
    "WHRD Advocacy Week: climate justice in Geneva": {
        "title": "Semana de Incidencia de Defensoras: justicia climática en Ginebra",
        "summary": (
            "Del 16 al 21 de septiembre, mujeres defensoras de derechos humanos que luchan "
            "por la justicia ambiental y climática se dieron cita en Ginebra para la Semana "
            "de Incidencia de Mujeres Defensoras de Derechos Humanos (WHRD-AW)."
        ),
    },
}
