"""The first privacy notice (`/privacy/`), in the three languages, and who may change it.

Staff change it in the admin from then on ("Pages"); its history keeps each version. Editors
and programme managers may change it (see programmes/migrations/0004_staff_groups); nobody
adds or deletes a page.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TEXTS = {
    "en": {
        "title": "Privacy notice",
        "summary": (
            "What we do with what you send when you apply to one of our programmes: who reads "
            "it, how we protect it, how long we keep it, and how to have it erased."
        ),
        "body": (
            "<h2>Who we are</h2>"
            "<p>The International Service for Human Rights (ISHR) is an independent "
            "non-governmental organisation based in Geneva. We run this site and decide what "
            "happens to what you send through it.</p>"
            "<h2>What we collect</h2>"
            "<p>When you apply to a programme: your name, your email address, your "
            "organisation and role, your country, your answers to the form's questions, your "
            "CV, a letter of reference, and the consents you give. When you save a form to "
            "finish it later: your email address and your answers so far.</p>"
            "<p>Reading the review and the programme pages sets no cookie and tells no other "
            "site that you came: a video loads from its host only if you choose to play "
            "it.</p>"
            "<h2>Why</h2>"
            "<p>To select the participants of the programme you apply to, to tell you our "
            "decision, and to run the programme with the people selected. If you agree, we "
            "share your application with the partner organisations that co-host the "
            "programme, for the selection only. We never publish your name, photo or words "
            "without asking you first.</p>"
            "<h2>Who reads it</h2>"
            "<p>Only ISHR's programme team and the reviewers given your application. Reviewers "
            "may come from outside ISHR; for some editions they read your answers without your "
            "name or contact details. We record each time someone downloads one of your "
            "documents.</p>"
            "<h2>How we protect it</h2>"
            "<p>Your answers and documents are encrypted before they are stored on our server. "
            "They have no public address: staff reach them only after signing in with a "
            "password and a second step.</p>"
            "<p>If someone else may see your inbox, choose “Keep our emails discreet” in the "
            "form: our emails will then say only “Your ISHR reference” or “Your saved form”, "
            "not what you applied to.</p>"
            "<h2>How long we keep it</h2>"
            "<ul>"
            "<li>A saved form you never sent: deleted when the call closes.</li>"
            "<li>An application not selected: anonymised when the edition's retention period "
            "ends, usually 12 months after its last day. Your name, contact details, answers, "
            "the reviewers' comments and your documents are then erased; only figures for "
            "statistics remain, such as your country.</li>"
            "<li>An application selected: kept while you take part in our work, until you ask "
            "us to erase it.</li>"
            "</ul>"
            "<h2>Your rights</h2>"
            "<p>You may ask to see what we hold about you, to correct it, or to erase it, at "
            "any time and whatever our decision. Write to the programme team and give your "
            "reference, which is in the email we sent when you applied. Erasing removes every "
            "application made with your email address, in any edition, with its documents and "
            "the emails we sent you.</p>"
        ),
    },
    "fr": {
        "title": "Politique de confidentialité",
        "summary": (
            "Ce que nous faisons de ce que vous nous envoyez en vous portant candidat ou "
            "candidate à l'un de nos programmes\u00a0: qui le lit, comment nous le protégeons, "
            "combien de temps nous le gardons, et comment le faire effacer."
        ),
        "body": (
            "<h2>Qui nous sommes</h2>"
            "<p>Le Service international pour les droits de l'homme (ISHR) est une "
            "organisation non gouvernementale indépendante basée à Genève. Nous gérons ce site "
            "et décidons de ce qu'il advient de ce que vous y envoyez.</p>"
            "<h2>Ce que nous recueillons</h2>"
            "<p>Quand vous vous portez candidat ou candidate à un programme\u00a0: votre nom, "
            "votre adresse e-mail, votre organisation et votre rôle, votre pays, vos réponses "
            "aux questions du formulaire, votre CV, une lettre de recommandation et les "
            "consentements que vous donnez. Quand vous enregistrez un formulaire pour le "
            "terminer plus tard\u00a0: votre adresse e-mail et vos réponses jusque-là.</p>"
            "<p>Lire le bilan et les pages des programmes ne dépose aucun cookie et ne signale "
            "votre visite à aucun autre site\u00a0: une vidéo ne se charge depuis son "
            "hébergeur que si vous choisissez de la lancer.</p>"
            "<h2>Pourquoi</h2>"
            "<p>Pour sélectionner les participants et participantes du programme auquel vous "
            "postulez, pour vous faire connaître notre décision, et pour mener le programme "
            "avec les personnes retenues. Si vous l'acceptez, nous transmettons votre "
            "candidature aux organisations partenaires qui co-organisent le programme, pour la "
            "sélection uniquement. Nous ne publions jamais votre nom, votre photo ou vos "
            "propos sans vous le demander d'abord.</p>"
            "<h2>Qui le lit</h2>"
            "<p>Seules l'équipe du programme de l'ISHR et les personnes chargées d'évaluer "
            "votre candidature. Ces personnes peuvent être extérieures à l'ISHR\u00a0; pour "
            "certaines éditions, elles lisent vos réponses sans votre nom ni vos coordonnées. "
            "Nous enregistrons chaque téléchargement de l'un de vos documents.</p>"
            "<h2>Comment nous le protégeons</h2>"
            "<p>Vos réponses et vos documents sont chiffrés avant d'être enregistrés sur notre "
            "serveur. Ils n'ont aucune adresse publique\u00a0: l'équipe n'y accède qu'après "
            "s'être connectée avec un mot de passe et une seconde étape.</p>"
            "<p>Si quelqu'un d'autre peut voir votre boîte de réception, choisissez "
            "«\u00a0Des e-mails discrets\u00a0» dans le formulaire\u00a0: nos e-mails "
            "diront alors seulement «\u00a0Votre référence ISHR\u00a0» ou «\u00a0Votre "
            "formulaire enregistré\u00a0», et non ce à quoi vous avez postulé.</p>"
            "<h2>Combien de temps nous le gardons</h2>"
            "<ul>"
            "<li>Un formulaire enregistré jamais envoyé\u00a0: supprimé à la clôture de "
            "l'appel.</li>"
            "<li>Une candidature non retenue\u00a0: anonymisée à la fin de la durée de "
            "conservation de l'édition, en général 12 mois après son dernier jour. Votre nom, "
            "vos coordonnées, vos réponses, les commentaires des évaluateurs et vos documents "
            "sont alors effacés\u00a0; seuls restent des chiffres pour les statistiques, comme "
            "votre pays.</li>"
            "<li>Une candidature retenue\u00a0: gardée tant que vous participez à notre "
            "travail, jusqu'à ce que vous demandiez son effacement.</li>"
            "</ul>"
            "<h2>Vos droits</h2>"
            "<p>Vous pouvez demander à voir ce que nous détenons sur vous, à le corriger ou à "
            "l'effacer, à tout moment et quelle que soit notre décision. Écrivez à l'équipe du "
            "programme en indiquant votre référence, qui figure dans l'e-mail envoyé lors de "
            "votre candidature. L'effacement supprime toutes les candidatures faites avec "
            "votre adresse e-mail, dans toutes les éditions, avec leurs documents et les "
            "e-mails que nous vous avons envoyés.</p>"
        ),
    },
    "es": {
        "title": "Aviso de privacidad",
        "summary": (
            "Qué hacemos con lo que nos envía al solicitar uno de nuestros programas: quién lo "
            "lee, cómo lo protegemos, cuánto tiempo lo conservamos y cómo pedir que se borre."
        ),
        "body": (
            "<h2>Quiénes somos</h2>"
            "<p>El Servicio Internacional para los Derechos Humanos (ISHR) es una "
            "organización no gubernamental independiente con sede en Ginebra. Gestionamos "
            "este sitio y decidimos qué se hace con lo que usted envía a través de él.</p>"
            "<h2>Qué recogemos</h2>"
            "<p>Cuando solicita un programa: su nombre, su dirección de correo electrónico, su "
            "organización y su función, su país, sus respuestas a las preguntas del "
            "formulario, su CV, una carta de recomendación y los consentimientos que da. "
            "Cuando guarda un formulario para terminarlo más tarde: su dirección de correo y "
            "sus respuestas hasta ese momento.</p>"
            "<p>Leer el informe y las páginas de los programas no instala ninguna cookie ni "
            "avisa a ningún otro sitio de su visita: un vídeo solo se carga desde su "
            "plataforma si usted decide reproducirlo.</p>"
            "<h2>Para qué</h2>"
            "<p>Para seleccionar a las personas participantes del programa que solicita, para "
            "comunicarle nuestra decisión y para llevar a cabo el programa con las personas "
            "seleccionadas. Si usted lo acepta, compartimos su solicitud con las "
            "organizaciones socias que coorganizan el programa, solo para la selección. Nunca "
            "publicamos su nombre, su foto ni sus palabras sin preguntarle antes.</p>"
            "<h2>Quién lo lee</h2>"
            "<p>Solo el equipo del programa del ISHR y las personas encargadas de evaluar su "
            "solicitud. Estas pueden ser ajenas al ISHR; en algunas ediciones leen sus "
            "respuestas sin su nombre ni sus datos de contacto. Registramos cada descarga de "
            "uno de sus documentos.</p>"
            "<h2>Cómo lo protegemos</h2>"
            "<p>Sus respuestas y sus documentos se cifran antes de guardarse en nuestro "
            "servidor. No tienen ninguna dirección pública: el equipo solo accede a ellos tras "
            "iniciar sesión con una contraseña y un segundo paso.</p>"
            "<p>Si otra persona puede ver su bandeja de entrada, elija «Correos discretos» "
            "en el formulario: nuestros correos dirán entonces solo «Su "
            "referencia del ISHR» o «Su formulario guardado», y no lo que usted solicitó.</p>"
            "<h2>Cuánto tiempo lo conservamos</h2>"
            "<ul>"
            "<li>Un formulario guardado que nunca envió: se borra cuando se cierra la "
            "convocatoria.</li>"
            "<li>Una solicitud no seleccionada: se anonimiza al terminar el período de "
            "conservación de la edición, por lo general 12 meses después de su último día. Su "
            "nombre, sus datos de contacto, sus respuestas, los comentarios de quienes "
            "evalúan y sus documentos se borran entonces; solo quedan cifras para las "
            "estadísticas, como su país.</li>"
            "<li>Una solicitud seleccionada: se conserva mientras usted participa en nuestro "
            "trabajo, hasta que pida que se borre.</li>"
            "</ul>"
            "<h2>Sus derechos</h2>"
            "<p>Puede pedir ver lo que tenemos sobre usted, corregirlo o borrarlo, en cualquier "
            "momento y sea cual sea nuestra decisión. Escriba al equipo del programa e indique "
            "su referencia, que figura en el correo que le enviamos cuando presentó su "
            "solicitud. El borrado elimina todas las solicitudes hechas con su dirección de "
            "correo, en cualquier edición, con sus documentos y los correos que le "
            "enviamos.</p>"
        ),
    },
}
# Who may change the page (not add or delete it): see programmes/migrations/0004.
CHANGE = {"Editors": ["view_page", "change_page"], "Programme managers": ["view_page", "change_page"]}


def write_privacy_notice(apps, schema_editor):
    Page = apps.get_model("core", "Page")
    values = {
        f"{field}_{language}": text
        for language, fields in TEXTS.items()
        for field, text in fields.items()
    }
    values |= {field: text for field, text in TEXTS["en"].items()}
    Page.objects.update_or_create(slug="privacy", defaults=values)


def let_staff_change_it(apps, schema_editor):
    app_config = apps.get_app_config("core")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in CHANGE.items():
        permissions = Permission.objects.filter(
            content_type__app_label="core", codename__in=codenames
        )
        for group in Group.objects.filter(name=name):
            group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_page"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("programmes", "0004_staff_groups"),
    ]

    operations = [
        migrations.RunPython(write_privacy_notice, migrations.RunPython.noop),
        migrations.RunPython(let_staff_change_it, migrations.RunPython.noop),
    ]
