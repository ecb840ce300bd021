"""Spanish versions of the programmes' demo texts (programmes/demo.py), written for the site;
loaded by `manage.py load_demo` into the `_es` columns (see programmes/translation.py).

Conventions: "personas defensoras de derechos humanos" (and "mujeres defensoras" for women
human rights defenders), the UN's Spanish terms ("Consejo de Derechos Humanos", "período de
sesiones", "procedimientos especiales", "ACNUDH"), "incidencia" for advocacy, "usted" for the
reader, and numbers without a thousands separator ("1000", "3000 CHF").
"""

# slug (as in demo.PROGRAMMES) -> name, summary and description (same tags as the English)
PROGRAMMES = {
    "hrdap": {
        "name": "Programa de Incidencia para Personas Defensoras de Derechos Humanos",
        "summary": (
            "La formación insignia del ISHR para personas defensoras con experiencia: un curso "
            "en línea a tiempo parcial y, después, unos diez días de incidencia en Ginebra "
            "durante un período de sesiones del Consejo de Derechos Humanos."
        ),
        "description": (
            "<p>El Programa de Incidencia para Personas Defensoras de Derechos Humanos es la "
            "formación insignia del ISHR. Está dirigido a personas defensoras de ONG con "
            "amplia experiencia, que ya realizan labores de incidencia en su propio país y "
            "tienen una primera base en el sistema internacional de derechos humanos.</p>"
            "<h2>Dos partes</h2>"
            "<p>Desde 2023, el programa es híbrido.</p>"
            "<ul>"
            "<li><strong>En línea, a tiempo parcial, de 8 a 10 semanas.</strong> Módulos de "
            "aprendizaje en línea, sesiones de preguntas y respuestas en directo con "
            "especialistas, tutorías individuales y una caja de herramientas de incidencia "
            "propia, desde el discurso de ascensor hasta las recomendaciones SMART. Esta parte "
            "es común a todas las personas participantes.</li>"
            "<li><strong>En Ginebra, a tiempo completo, unos diez días,</strong> durante el "
            "período de sesiones del Consejo de Derechos Humanos: cómo funcionan los "
            "mecanismos de la ONU, un plan de incidencia personal elaborado con un tutor o una "
            "tutora, intervenciones ante el Consejo y reuniones con expertos de la ONU "
            "(procedimientos especiales), diplomáticos y personal de la ONU.</li>"
            "</ul>"
            "<h2>Temas</h2>"
            "<p>Una evaluación externa realizada en 2024 nos llevó a dar a cada edición sus "
            "propios temas, que ahora cambian de un año a otro.</p>"
            "<h2>La seguridad, lo primero</h2>"
            "<p>Colaborar con la ONU puede ser peligroso: cada año se documentan represalias "
            "contra quienes lo hacen. Cao Shunli fue detenida en 2013 cuando se disponía a "
            "viajar a Ginebra para asistir a una formación del ISHR, y murió bajo custodia en "
            "2014. Por eso solemos presentar a las personas participantes sin dar sus "
            "nombres.</p>"
        ),
    },
    "whrd-aw": {
        "name": "Semana de Incidencia de Mujeres Defensoras de Derechos Humanos",
        "summary": (
            "Una semana de incidencia ante la ONU en Ginebra para mujeres defensoras de "
            "derechos humanos, durante un período de sesiones del Consejo de Derechos Humanos "
            "y tras una formación virtual, coorganizada con organizaciones socias."
        ),
        "description": (
            "<p>La Semana de Incidencia de Mujeres Defensoras de Derechos Humanos reúne en "
            "Ginebra a mujeres defensoras durante una semana, mientras el Consejo de Derechos "
            "Humanos está en período de sesiones.</p>"
            "<p>Primero se imparte una formación virtual, para que las participantes lleguen "
            "sabiendo cómo funciona el sistema de derechos humanos de la ONU. Ya en Ginebra, "
            "llevan sus causas ante el Consejo, expertos de la ONU y diplomáticos.</p>"
            "<p>El ISHR organiza la semana junto con organizaciones socias, que actúan como "
            "coanfitrionas. No se ha publicado ninguna convocatoria pública para "
            "participar.</p>"
        ),
    },
}

# HRDAP edition texts, with the same tags as the English constants in demo.py.
HRDAP_ELIGIBILITY = (
    "<p>El programa está dirigido a personas defensoras de derechos humanos con experiencia "
    "que trabajan en ONG, que ya realizan labores de incidencia a nivel nacional y que tienen "
    "cierto conocimiento del sistema internacional de derechos humanos.</p>"
    "<ul>"
    "<li>Deberá participar en las dos partes: el curso en línea a tiempo parcial y los días en "
    "Ginebra a tiempo completo.</li>"
    "<li>La formación se imparte en inglés, por lo que debe poder seguirla y tomar la palabra "
    "en inglés.</li>"
    "</ul>"
)

# The paragraph the open call adds to the eligibility (demo.editions).
HRDAP_OPEN_CALL_THEMES = (
    "<p>Esta edición busca personas defensoras que trabajen en uno de sus temas o en ambos: "
    "el retroceso democrático y la justicia racial.</p>"
)

HRDAP_COSTS = (
    "<p>La matrícula asciende a unos 3000 CHF, y el viaje y la estancia en Ginebra, a unos "
    "4000 CHF.</p>"
    "<p>Si no puede asumir estos costes, pida en su solicitud una beca completa o "
    "parcial.</p>"
)

HRDAP_SELECTION = (
    "<p>Las solicitudes se evalúan según estos criterios:</p>"
    "<ol>"
    "<li>La adecuación de su trabajo a las prioridades del ISHR o al programa del período de "
    "sesiones del Consejo.</li>"
    "<li>Su conocimiento de los derechos humanos y su disposición a recurrir a la ONU en su "
    "labor de incidencia en su país.</li>"
    "<li>Su experiencia en incidencia a nivel nacional o regional.</li>"
    "<li>Su función y sus responsabilidades en su organización.</li>"
    "<li>Su deseo de aprender de las demás personas participantes y junto con ellas.</li>"
    "<li>Su compromiso con la universalidad y la no discriminación.</li>"
    "<li>Sus capacidades de comunicación, lingüísticas y organizativas.</li>"
    "<li>La posibilidad de una colaboración estratégica entre usted y el ISHR.</li>"
    "<li>La recomendación de una organización socia.</li>"
    "<li>Su nivel de inglés.</li>"
    "</ol>"
)

# The same texts for the 2024 edition, whose call is over: told in the past.
HRDAP_2024_ELIGIBILITY = (
    "<p>El programa estaba dirigido a personas defensoras de derechos humanos con experiencia "
    "que trabajaban en ONG, que ya realizaban labores de incidencia a nivel nacional y que "
    "tenían cierto conocimiento del sistema internacional de derechos humanos.</p>"
    "<ul>"
    "<li>Las personas participantes siguieron las dos partes: el curso en línea a tiempo "
    "parcial y los días en Ginebra a tiempo completo.</li>"
    "<li>La formación se impartió en inglés, por lo que había que poder seguirla y tomar la "
    "palabra en inglés.</li>"
    "</ul>"
)

HRDAP_2024_COSTS = (
    "<p>La matrícula ascendía a unos 3000 CHF, y el viaje y la estancia en Ginebra, a unos "
    "4000 CHF.</p>"
    "<p>Quienes no podían asumir estos costes podían pedir una beca completa o parcial.</p>"
)

HRDAP_2024_SELECTION = (
    "<p>Las solicitudes se evaluaron según estos criterios:</p>"
    "<ol>"
    "<li>La adecuación del trabajo de la persona a las prioridades del ISHR o al programa del "
    "período de sesiones del Consejo.</li>"
    "<li>Su conocimiento de los derechos humanos y su disposición a recurrir a la ONU en su "
    "labor de incidencia en su país.</li>"
    "<li>Su experiencia en incidencia a nivel nacional o regional.</li>"
    "<li>Su función y sus responsabilidades en su organización.</li>"
    "<li>Su deseo de aprender de las demás personas participantes y junto con ellas.</li>"
    "<li>Su compromiso con la universalidad y la no discriminación.</li>"
    "<li>Sus capacidades de comunicación, lingüísticas y organizativas.</li>"
    "<li>La posibilidad de una colaboración estratégica con el ISHR.</li>"
    "<li>La recomendación de una organización socia.</li>"
    "<li>Su nivel de inglés.</li>"
    "</ol>"
)

# The open call's summary is a format string: {council_session} is, e.g., "HRC59".
EDITION_SUMMARIES = {
    ("hrdap", 2024): (
        "La 10.ª edición: 16 personas defensoras, seleccionadas entre 434 candidaturas, "
        "siguieron ocho semanas de formación en línea y después viajaron a Ginebra durante el "
        "período de sesiones HRC56."
    ),
    ("hrdap", "open"): (
        "12 plazas para personas defensoras que trabajan sobre el retroceso democrático o la "
        "justicia racial: un curso en línea a tiempo parcial a partir de abril y, después, "
        "diez días en Ginebra en junio, durante el período de sesiones {council_session}."
    ),
    ("whrd-aw", 2024): (
        "Once mujeres defensoras que luchan por la justicia ambiental y climática pasaron una "
        "semana en Ginebra, coorganizada por seis organizaciones, durante el período de "
        "sesiones HRC57."
    ),
}

# English component name (exactly as in demo.editions) -> name, place, plain-text description
COMPONENTS = {
    "Online course": {
        "name": "Curso en línea",
        "place": "En línea",
        "description": (
            "Aprendizaje a distancia a tiempo parcial: formación en línea sobre los mecanismos "
            "de la ONU, sesiones de preguntas y respuestas en directo con especialistas, "
            "tutorías individuales y elaboración de su caja de herramientas de incidencia "
            "(discurso de ascensor, recomendaciones SMART)."
        ),
    },
    "Days in Geneva": {
        "name": "Días en Ginebra",
        "place": "Ginebra, Suiza",
        "description": (
            "A tiempo completo en Ginebra durante el período de sesiones del Consejo de "
            "Derechos Humanos: cómo funcionan los mecanismos de la ONU, un plan de incidencia "
            "personal elaborado con un tutor o una tutora, intervenciones ante el Consejo y "
            "reuniones con expertos de la ONU, diplomáticos y personal de la ONU."
        ),
    },
    "Virtual training": {
        "name": "Formación virtual",
        "place": "En línea",
        "description": (
            "Una primera aproximación al sistema internacional de derechos humanos: sus "
            "principios, procedimientos y actores fundamentales, para preparar la semana en "
            "Ginebra."
        ),
    },
    "Advocacy week in Geneva": {
        "name": "Semana de incidencia en Ginebra",
        "place": "Ginebra, Suiza",
        "description": (
            "Formación sobre el funcionamiento del Consejo y, después, reuniones con los "
            "procedimientos especiales, el ACNUDH y diplomáticos para llevar la justicia "
            "ambiental y climática a la ONU."
        ),
    },
}

# English criterion name (exactly as in demo.HRDAP_CRITERIA) -> (name, description)
CRITERIA = {
    "Fit with ISHR's priorities": (
        "Adecuación a las prioridades del ISHR",
        "En qué medida el trabajo de la persona solicitante se ajusta a las prioridades del "
        "ISHR o al programa del período de sesiones del Consejo al que asistiría.",
    ),
    "Readiness to use the UN at home": (
        "Disposición a recurrir a la ONU en su país",
        "Sus conocimientos de derechos humanos y su grado de preparación para incorporar la "
        "ONU a su labor de incidencia en su propio país.",
    ),
    "Advocacy experience": (
        "Experiencia en incidencia",
        "Lo que ya ha hecho, y logrado, mediante la incidencia a nivel nacional o regional.",
    ),
    "Role in their organisation": (
        "Función en su organización",
        "Las responsabilidades que ejerce y si lo que aprenda revertirá en el trabajo de su "
        "organización.",
    ),
    "Learning with peers": (
        "Aprendizaje entre pares",
        "Su deseo de aprender de las demás personas participantes y lo que aportaría al grupo "
        "a cambio.",
    ),
    "Universality and non-discrimination": (
        "Universalidad y no discriminación",
        "Su compromiso con los derechos de todas las personas, sin discriminación de ningún tipo.",
    ),
    "Communication and organisation": (
        "Comunicación y organización",
        "La claridad con que se expresa oralmente y por escrito, en inglés y en otros idiomas, "
        "y su capacidad para planificar y organizar su trabajo.",
    ),
    "Partnership with ISHR": (
        "Colaboración con el ISHR",
        "Si el ISHR y la persona solicitante podrían seguir colaborando estratégicamente "
        "después del programa.",
    ),
    "Partner recommendation": (
        "Recomendación de una organización socia",
        "El respaldo de una organización socia que conoce su trabajo y recomienda su candidatura.",
    ),
    "English": (
        "Inglés",
        "Si su nivel de inglés le permite seguir la formación y tomar la palabra en las "
        "reuniones.",
    ),
}
