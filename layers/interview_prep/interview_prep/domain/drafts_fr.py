"""The thank-you drafts' phrasings in French, written for French-speaking interviewers (not translated word for word).

The same parts as the English set in `drafts.py`, with the same placeholders plus `{de_role}` (« de Backend
Engineer », « d’Analyste des opérations »: French elides before a vowel) and `{de_candidate}`. Nothing here agrees with the candidate's
gender (no « ravi », « reçu », « intéressé »): the sentences are built so that they are true for anyone. Québec
French differs in a few words (« entrevue »); `QUEBEC` lists only those. The names of meals follow the country
(`MEALS_NOON_DINNER` in Québec, Belgium and Switzerland).
"""

from __future__ import annotations

from interview_prep.domain import language

SUBJECTS = (
    "Merci pour notre entretien — {role}",
    "À la suite de notre entretien — {role}",
    "Merci de la part {de_candidate} — {role} chez {company}",
    "Notre échange sur le poste {de_role}",
    "Avec mes remerciements — {role} chez {company}",
    "Merci — poste {de_role} chez {company}",
)

THANKS_WITH_TOPICS = (
    "Merci pour {meeting}. J’ai particulièrement apprécié notre discussion sur {topics}.",
    "Merci beaucoup pour votre temps et pour {meeting}. Notre discussion sur {topics} a été un moment fort pour moi.",
    "J’ai beaucoup apprécié {meeting}, en particulier ce que nous nous sommes dit sur {topics}.",
    "Merci pour le temps que vous m’avez consacré. Je repense encore à notre échange sur {topics}.",
    "Merci pour {meeting} ; notre discussion sur {topics} est ce que j’ai le plus apprécié.",
)

THANKS_WITHOUT_TOPICS = (
    "Merci pour {meeting}, et pour votre disponibilité.",
    "Merci beaucoup pour votre temps et pour {meeting}.",
    "J’ai beaucoup apprécié {meeting}, et je vous en remercie.",
    "Merci pour {meeting} et pour le temps consacré à ma candidature.",
    "Je vous remercie sincèrement pour {meeting}.",
)

MEAL = (
    "Merci aussi pour {meal}.",
    "Et merci pour {meal}.",
    "Merci également pour {meal}.",
    "Et un grand merci pour {meal}.",
)

PERSPECTIVE = (
    "Votre regard {as_label} m’a été particulièrement utile.",
    "Connaître votre point de vue {as_label} m’a beaucoup apporté.",
    "Votre éclairage {as_label} m’a permis de me représenter le poste plus concrètement.",
    "Il était précieux d’entendre comment vous voyez les choses {as_label}.",
)

PRESENTATION = (
    "J’ai aussi apprécié l’occasion de présenter mon travail.",
    "Merci aussi de m’avoir donné l’occasion de présenter mon travail.",
)
TOUR = (
    "Merci aussi de m’avoir montré où travaille l’équipe.",
    "Merci également pour la visite des lieux.",
)
# A meal, a presentation or a tour, when there are two or three of them: one sentence thanks for them all.
THANKS_ALSO = "Merci aussi {things}."
THANKS_FOR = "pour {thing}"
PRESENTATION_THING = "la possibilité de présenter mon travail"
TOUR_THING = "la visite des lieux"

# The question as it follows « Vous m’avez demandé »: « si mon SQL suffirait », « quand je pourrais commencer ».
ANSWER = ("Vous m’avez demandé {question}. {answer}",)
ANSWER_QUOTED = ("Vous m’avez demandé : « {question} » {answer}",)

PROMISE = "Comme promis, {promises}."
PROMISE_ITEM = "[joindre ou coller : {promise}]"
PROMISE_LINK = "voici le lien : {url}"

INTEREST = (
    "Tout ce que j’ai entendu a confirmé mon intérêt pour le poste {de_role} chez {company}.",
    "Mon enthousiasme pour le poste {de_role} chez {company} n’a fait que grandir.",
    "Rejoindre {company} au poste {de_role} m’intéresse toujours vivement.",
    "Le poste {de_role} chez {company} correspond exactement au type d’occasion que je recherche.",
    "Ma motivation pour le poste {de_role} chez {company} est plus forte que jamais.",
)
INTEREST_INTERNAL = (
    "Tout ce que j’ai entendu a confirmé mon intérêt pour une évolution vers le poste {de_role}.",
    "Mon enthousiasme à l’idée de prendre le poste {de_role} n’a fait que grandir.",
    "Le poste {de_role} m’intéresse toujours beaucoup, tout comme ce que je pourrais y apporter.",
)

RELATION = {
    "team_member": ("Travailler à vos côtés me plairait vraiment.", "Ce serait un plaisir de devenir votre collègue."),
    "hiring_manager": (
        "J’aimerais beaucoup travailler avec vous et votre équipe.",
        "Faire partie de votre équipe me tiendrait vraiment à cœur.",
    ),
    "executive": (
        "Contribuer à ce que vous bâtissez serait pour moi une fierté.",
        "Prendre part à vos projets pour les années à venir me motiverait beaucoup.",
    ),
}
# A line that speaks of years together: not for a job that ends after a set time (`titles.temporary`).
LASTING = (RELATION["executive"][1],)

OFFER = (
    "Si d’autres informations peuvent vous être utiles, comme des références ou des exemples de travaux, je vous "
    "les enverrai volontiers.",
    "N’hésitez pas à me dire si je peux vous fournir autre chose pour éclairer la décision.",
    "Si vous avez besoin d’autre chose de ma part, je vous le transmettrai volontiers.",
    "Je reste à votre disposition pour toute information complémentaire.",
    "Si des questions vous viennent en relisant ma candidature, n’hésitez pas : j’y répondrai volontiers.",
    "N’hésitez pas à me demander plus de détails sur mon expérience.",
)
OFFER_INTERNAL = OFFER[1:]  # ni références ni exemples de travaux : évolution interne, conseil, bénévolat

# Word families a draft says once (see `drafts.ONCE`): « Merci pour votre temps… Merci encore pour votre temps »,
# « Rejoindre Stripe… m’intéresse… Rejoindre votre équipe… », « …avec plaisir. Au plaisir… ».
ONCE = language.word_families(
    r"temps\b",
    "plaisir",
    "rejoindre",
    "intérêt",
    r"utiles?\b",
    r"encore\b",
    # Thanks said again: after « Merci aussi pour le déjeuner. », no « Merci de nouveau… » nor « Merci encore, ».
    r"(?:merci (?:encore|de nouveau|aussi|également)|et (?:un grand )?merci|remerciements)\b",
    r"occasion\b",
    r"échange",
    r"(?<!aussi )apprécié",
    "journée",
    "bientôt",
    r"reste\b",
)

CLOSING = (
    "Au plaisir d’avoir de vos nouvelles.",
    "J’attends la suite du processus avec impatience.",
    "Merci de nouveau pour votre attention.",
    "J’espère vous reparler bientôt.",
    # Nothing said before a closing says « journée » (only a sign-off after it): there is always a closing to pick.
    "Dans l’attente de votre retour, je vous souhaite une bonne journée.",
)

SIGN_OFF_FORMAL = ("Bien cordialement,", "Cordialement,", "Avec mes remerciements,", "Bien à vous,")
SIGN_OFF_WARM = ("Belle journée,", "Merci encore,", "À bientôt,", "Bien à vous,")

GREETING_FORMAL = "Bonjour {name},"
GREETING_GROUP = "Madame, Monsieur,"  # to a « Jury », a « Comité », a « Responsable d’agence »: never « Bonjour Jury, »
GREETING_POST_FEMININE = (
    "Madame,"  # to a post whose form says who holds it: « Chargée de recrutement », « Directrice… »
)
GREETING_WARM = ("Bonjour {name},",)  # warm, and still « vous »: no « Salut » with « vous »
GREETING_TEAM = "Bonjour à toute l’équipe {company},"
GREETING_TEAM_UNNAMED = "Bonjour à toute l’équipe,"
NAME_TO_WRITE = "[prénom et nom]"  # quelqu’un noté « À confirmer » : le nom est connu après l’entretien
UNDISCLOSED_CLIENT = "votre client"
UNDISCLOSED_OWN = "votre organisation"

PUPILS_SUBJECT = "Un mot de remerciement pour {name}"
PUPILS_GREETING = "Bonjour à toutes et à tous,"
PUPILS_THANKS = (
    "Merci pour cet entretien et pour toutes vos questions : j’ai eu beaucoup de plaisir à y répondre.",
    "Merci pour toutes vos questions : c’était un vrai plaisir d’y répondre.",
)
PUPILS_TOPICS = (
    "J’ai particulièrement aimé notre discussion sur {topics}.",
    "J’ai surtout aimé notre échange sur {topics}.",
)
PUPILS_TOLD = ("J’ai aimé vous parler de {mine}.", "Et quel bonheur de vous parler de {mine} !")
PUPILS_INTEREST = "J’aimerais beaucoup travailler dans votre école."
PUPILS_INTEREST_INTERNAL = "J’aimerais beaucoup occuper ce nouveau poste dans notre école."
PUPILS_SIGN_OFF = "Bien amicalement,"

AS_LABEL = {
    "hr": "du côté des ressources humaines",
    "recruiter": "du côté du recrutement",
    "hiring_manager": "en tant que responsable du poste",
    "team_member": "en tant que membre de l’équipe",
    "executive": "du côté de la direction",
}

MEETING = {False: "notre échange", True: "ce nouvel échange"}
MEETING_BY_FORMAT: dict[str, dict[bool, str]] = {}  # « échange » suits every format
FORMAT_PLACE = {"video": " en visioconférence", "phone": " au téléphone", "meal": "", "in_person": ""}

# The meal, by the English name `drafts.meal_name` gives it: lunch is « le déjeuner » in France, « le dîner » in
# Québec, Belgium and Switzerland, where dinner is « le souper » and breakfast « le déjeuner ».
MEALS = {
    "breakfast": "le petit-déjeuner",
    "lunch": "le déjeuner",
    "dinner": "le dîner",
    "the coffee": "le café",
    "the meal": "le repas",
}

MEALS_NOON_DINNER = {**MEALS, "breakfast": "le déjeuner", "lunch": "le dîner", "dinner": "le souper"}

THANKS_RECORDED = (
    "Merci de m’avoir permis de répondre à vos questions en vidéo.",
    "Merci pour l’invitation à enregistrer un entretien vidéo.",
)
THANKS_RECORDED_TOPICS = "J’ai particulièrement apprécié les questions sur {topics}."
THANKS_ONLINE_TEST = (
    "Merci pour l’invitation à passer votre test en ligne : je l’ai maintenant terminé.",
    "J’ai maintenant terminé le test en ligne, et je tenais à vous remercier de cette invitation.",
)
THANKS_ONLINE_TEST_TOPICS = "Ses questions sur {topics} m’ont permis de montrer ce que je sais faire."
SUBJECTS_ONLINE_TEST = ("Test en ligne terminé — {role}", "Mon test en ligne pour le poste {de_role}")

QUEBEC = {
    "THANKS_RECORDED": tuple(s.replace("un entretien", "une entrevue") for s in THANKS_RECORDED),
    "SUBJECTS": tuple(s.replace("entretien", "entrevue") for s in SUBJECTS),
    "SIGN_OFF_WARM": tuple(s.replace("Belle journée", "Bonne journée") for s in SIGN_OFF_WARM),  # Québec's wish
    "AS_LABEL": {**AS_LABEL, "hiring_manager": "en tant que gestionnaire du poste"},
}
