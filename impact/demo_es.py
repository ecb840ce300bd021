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
