"""What a role's title says about the job: whether it manages people, whether it is done at a distance, whether it is
a first job, whether it is a place whose pay is set for everyone who joins, whether it names its pay scale, and
whether it is a sales job or a contractor's (`title_facts`, read by `facts.derive_facts` only: the notices and the thank-you email, which import the facts for a
place or a meal, never load this module). The patterns are compiled at first use, each only for a title with one of
its words."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable


@functools.cache
def _title_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(manages people, manages no one, done at a distance). The first: words that suggest the job manages people
    (the advice that depends on it says "if"). The second: the titles with one of those words whose holder manages a
    product, accounts or cases, not people ("Product Manager", "Senior Account Manager", "Principal Engineer",
    « Chef de produit »; not "Group Product Manager", "Lead Product Manager"). The third: "work from home", « télétravail » anywhere; "remote", "hybrid" or
    "home-based" as a mark of their own — "(Remote)", ", hybrid", "- Home-based" — not as the first words of a field
    of work ("Remote Sensing Analyst", "Hybrid Cloud Engineer", "Home-based Care Coordinator")."""
    leads = re.compile(
        r"\b(head|lead|leader|director|chief|vp|vice president|manager|supervisor|principal"
        r"|directeur|directrice|responsable|gérant|gérante|superviseur|superviseure|encadrant|encadrante)(?!\w)"
        r"|\bchef(?:fe)? (?:de |des |du |d’|d')",  # « chef de projet », « cheffe d’équipe », not a cook's "Chef"
        re.I,
    )
    none = re.compile(
        r"(?<!group )(?<!lead )\b(?:product|account|key account|relationship|case|property|social media|community|brand"
        r"|customer success|client success|partner|portfolio)\s+manager\b"
        r"|\bprincipal\s+(?:software |data |product |research |solutions? )?(?:engineer|developer|scientist|consultant"
        r"|designer|analyst|architect|researcher|investigator|statistician|economist|lecturer)"
        r"|\bchef(?:fe)?\s+de\s+produits?\b",
        re.I,
    )
    remote = re.compile(
        r"\b(work(?:ing)? from home|wfh|télétravail|teletravail|à distance|fully remote|100 ?% remote|remote[- ]first)"
        r"(?!\w)|\b(remote|hybrid|hybride|home[- ]based)\b(?=\s*(?:$|[)\],;/|–—-]))",
        re.I,
    )
    return leads, none, remote


_FIRST_JOB_WORDS = (
    "apprenti",
    "intern",
    "trainee",
    "graduate",
    "junior",
    "entry",
    "stage",
    "stagiaire",
    "alternan",
    "débutant",
    "residen",
    "résiden",
    "interne",
    "pgy",
    "fy",
)


@functools.cache
def _first_job() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a first job, a job that runs one). The first matches a title for a first job: an apprenticeship, an
    internship, a trainee's or a graduate's place (pay the same for everyone who joins) or a junior job (group
    `junior`; « apprenti », « stagiaire », « alternant », « débutant »), a doctor's residency ("Internal Medicine
    Resident (PGY-1)", "Resident Physician", "FY1 Doctor", « Interne en médecine », « Résidente en psychiatrie »: pay is
    the intake's), never "Internal Auditor", "Stage Manager", "Resident Engineer" nor "Vice President". The second, a job that runs such places — "Graduate Programme Manager", "Apprenticeship Coordinator", "Head of
    Graduate Recruitment", « Responsable des stages », « Chargée de recrutement alternance » — whose words are left
    out before the first is searched ("Trainee Recruitment Consultant" and « Chargé de communication en alternance »
    are first jobs). Compiled only for a title with one of `_FIRST_JOB_WORDS` in it."""
    first = re.compile(
        r"\b(apprentice|apprenticeship|intern|internship|trainee|traineeship|graduate"
        r"|apprenti|apprentie|stagiaire|alternant|alternante|alternance)(?!\w)"
        r"|\bstage\s*[-–—:]|\(\s*stage\b"  # « Stage - Assistant », « (stage 6 mois) »
        r"|\b(?-i:PGY|FY)\s?-?\s?[1-3]\b|\bresident\s+(?:physician|doctor|medical\s+officer|pharmacist)\b"
        r"|\b(?:medicine|medical|surgery|surgical|psychiatry|pa?ediatrics?|pa?ediatric|an(?:a)?esthesia|an(?:a)?esthesiology"
        r"|radiology|neurology|dermatology|pathology|obstetrics|gyn(?:a)?ecology|ophthalmology|cardiology)\s+residents?\b"
        r"|\binterne\s+(?:en|des)\s+(?:médecine|pharmacie|hôpitaux|chirurgie|psychiatrie|pédiatrie)\b"
        r"|\brésidente?\s+en\s+(?:médecine|chirurgie|psychiatrie|pédiatrie|anesthésie|radiologie|neurologie)\b"
        r"|\b(?P<junior>junior|entry[- ]level|débutant|débutante)(?!\w)",
        re.I,
    )
    runs = re.compile(
        r"\b(?:intern|graduate|trainee|apprentice)s?\s+(?:programmes?|programs?|schemes?|recruitment|recruiting"
        r"|admissions?|outreach)\s+(?:manager|lead|director|head|coordinator|officer|advis[eo]r|partner|specialist"
        r"|administrator)(?!\w)"
        r"|\b(?:internship|apprenticeship|traineeship)s?\s+(?:manager|lead|director|head|coordinator|officer"
        r"|advis[eo]r|partner|specialist|administrator|assessor|tutor)(?!\w)"
        r"|\b(?:head|director|manager|lead|coordinator|officer)\s+(?:of|for)\s+(?:the\s+)?(?:early\s+careers?\s+and\s+)?"
        r"(?:intern|graduate|trainee|apprentice)"
        r"|\b(?:responsable|chargée?|chargé\(e\)|gestionnaire|coordinat(?:eur|rice)|référente?)\s+"
        r"(?:(?:de\s+|du\s+)?recrutement\s+|des\s+|de\s+l['’]\s*)?(?:stages?|stagiaires|alternance|alternants"
        r"|apprentissage|apprentis)(?!\w)",
        re.I,
    )
    return first, runs


_SCALE_WORDS = (
    *("band", "grade", "gs", "agenda for change", "pay scale", "catégorie", "mps", "ups", "pay range", "m1"),
    *("-0", "(p-", "(g-", "(d-"),  # "Program Officer (PM-02)", "Technical Officer (P-3)"
)


@functools.cache
def _pay_scale() -> re.Pattern[str]:
    """A title that names the pay scale it sits on: an NHS "Band 5" or "Band 8a" anywhere ("Band 6 Physiotherapist"),
    a "Grade 7" as a mark of its own ("Policy Adviser (Grade 7)", not "Grade 3 Teacher"), a US "GS-12", "Agenda for
    Change", a "pay scale", a French « (catégorie A) », an English teacher's "(MPS/UPS)", "M1-M6", a Canadian federal
    classification ("PM-02", "AS-01"), a United Nations grade in brackets ("(P-3)", "(G-5)"). Compiled only for a
    title with one of `_SCALE_WORDS`."""
    return re.compile(
        r"\bband\s*[1-9][a-d]?\b|\bgrade\s*[1-9][0-9]?\b(?=\s*(?:$|[)\],;/|–—-]))|\bGS-\s?[0-9]{1,4}\b"
        r"|\bagenda\s+for\s+change\b|\bpay\s+scale\b|\bcatégorie\s+[ABC]\b"
        r"|\b(?-i:MPS|UPS)\b|\b(?:main|upper)\s+pay\s+range\b|\bM1\s*[-–]\s*(?:M6|U3)\b"  # a teacher's scales
        r"|\b(?-i:[A-Z]{2})-0[1-9]\b|\(\s*(?-i:[PDG])-[1-7]\s*\)",
        re.I,
    )


_SCALE_EMPLOYER_WORDS = (
    *("nhs", "chu", "hospitalier", "ap-hp", "cisss", "ciusss", "hospices civils", "cusm", "hug"),
    *("académie", "rectorat", "éducation nationale"),
    *("police", "gendarmerie", "sdis", "fire and rescue", "fire & rescue", "sapeurs-pompiers"),
)


@functools.cache
def _scale_employer() -> re.Pattern[str]:
    """An employer that pays every role on a published scale: an NHS trust or board, a French public hospital (« CHU
    de Bordeaux », « Centre hospitalier de Pau », AP-HP, Hospices civils de Lyon), a Québec health network or
    hospital (CISSS, CIUSSS, CHUM, CUSM), a Swiss public hospital (CHUV, HUG), France's state schools (« Académie de
    Versailles », « Rectorat de Lyon », « Éducation nationale »: teachers, even on contract, are paid on a grid),
    police and fire services ("Metropolitan Police Service", « Gendarmerie nationale », « SDIS du Rhône », "West
    Midlands Fire and Rescue Service"). Compiled only for a name with one of `_SCALE_EMPLOYER_WORDS`."""
    return re.compile(
        r"\bNHS\b|\bCH[RU]{1,2}[MV]?\b|\bcentre\s+hospitalier\b|\bAP-HP\b|\bCI?USSS\b|\bCISSS\b|\bhospices\s+civils\b"
        r"|\bCUSM\b|\b(?-i:HUG)\b|\bacadémie\s+d(?:e\s|’|')|\brectorat\b|\béducation\s+nationale\b"
        r"|\bpolice\b|\bgendarmerie\b|\bSDIS\b|\bfire\s+(?:and|&)\s+rescue\b|\bsapeurs-pompiers\b",
        re.I,
    )


def _says(text: str, words: tuple[str, ...], pattern: Callable[[], re.Pattern[str]]) -> bool:
    """Whether `pattern` (compiled at its first call) finds its mark in `text`, asked only of a text with one of
    `words`: most titles and names never compile it."""
    folded = text.casefold()
    return any(word in folded for word in words) and pattern().search(text) is not None


def employer_facts(company: str) -> set[str]:
    """The facts the employer's name carries: `role:scale` for one that pays every role on a published scale."""
    return {"role:scale"} if _says(company, _SCALE_EMPLOYER_WORDS, _scale_employer) else set()


_CONTRACTOR_WORDS = ("contract", "ir35", "freelance", "indépendant", "portage")


@functools.cache
def _contract() -> re.Pattern[str]:
    """A title for a contractor's or a freelance job, paid a rate by the day or the hour: "Contract DevOps Engineer",
    "Data Engineer - Contract", "(6 month contract)", "Contractor", "Outside IR35", "Freelance", « Développeur
    freelance », « (portage salarial) », « consultant indépendant ». Not a job about contracts ("Contract Manager",
    "Contracts Administrator", "Head of Contracts"). Compiled only for a title with one of `_CONTRACTOR_WORDS`."""
    return re.compile(
        r"^\s*contract\s+(?!(?:manag|administ|lawy|solicit|special|officer|analys|negotia|coordin|assist|law\b|clerk"
        r"|complian|director|lead|support|executive|engineer(?:ing)?\s+manag))\w"
        r"|[-–—|,]\s*contract(?:\s+role)?\s*$|\(\s*(?:\d+[- ]?(?:months?|mths?)\s+)?contract(?:\s+role)?\b[^()]*\)"
        r"|\bcontractor\b|\bIR35\b|\bfreelance(?:r)?\b|\bportage\s+salarial\b|\bconsultante?\s+indépendante?\b",
        re.I,
    )


_TEMPORARY_WORDS = (
    *("intern", "summer", "season", "temp", "fixed", "ftc", "cover", "locum", "interim", "placement", "co-op"),
    *("month", "stage", "stagiaire", "cdd", "durée déterminée", "saisonni", "intérim", "remplacement", "été", "mois"),
)


@functools.cache
def _temporary() -> re.Pattern[str]:
    """A title for a job that ends after a set time: an internship ("Summer Intern, Markets", "Software Engineering
    Internship", "Placement Student", "Co-op Student", « Stage - Assistant marketing », « Stagiaire »), a temporary,
    seasonal or fixed-term job ("Temporary Receptionist", "Temp", "Seasonal Sales Assistant", "Fixed-term", "FTC",
    "(12 months)", "Maternity Cover", "Locum GP", "Interim CFO", « CDD », « (CDD 6 mois) », « Saisonnier », « Job
    d’été », « Remplacement congé maternité », « Intérim »). Not an apprenticeship or a graduate scheme (they run
    for years or lead to a post), nor "Internal Auditor", "Temporary Works Engineer", "Temperature Engineer", "Cover Supervisor" nor "Fixed
    Income Analyst". Compiled only for a title with one of `_TEMPORARY_WORDS`."""
    return re.compile(
        r"\b(?:intern|interns|internship|internships|summer|seasonal|temporary|temp|locum|interim|stagiaire|stagiaires"
        r"|saisonnier|saisonnière|intérimaire|intérim|cdd)\b(?!\s+works)"
        r"|\bfixed[- ]term\b|\b(?-i:FTC)\b|\b(?:maternity|paternity|parental(?:\s+leave)?|sick(?:ness)?\s+leave)\s+cover\b"
        r"|\b(?:placement|co-?op)\s+(?:student|year|engineer|developer|analyst)s?\b|\b(?:industrial|year-long)\s+placement\b"
        r"|\(\s*\d{1,2}[- ]?(?:months?|mths?|mois)\b|\b\d{1,2}[- ]months?\s+(?:contract|role|post|position)\b"
        r"|\bstage\s*[-–—:]|\(\s*stage\b|^\s*stage\s+(?:en|de|d['’]|chez)\b|\bcontrat\s+à\s+durée\s+déterminée\b"
        r"|\bremplacement\b|\b(?:job|emploi)\s+d['’]\s*été\b",
        re.I,
    )


# A school's governor ("Parent Governor", "Chair of Governors"): unpaid, and a seat on its board; `{more}` adds kinds
# only one of the two patterns reads.
_SCHOOL_GOVERNOR = (
    r"\b(?:school|parent|co-?opted|foundation|local|community|staff{more})\s+governor\b"
    r"|\bchair\s+of\s+(?:the\s+)?governors\b"
)
_UNPAID_WORDS = ("volunteer", "voluntary", "unpaid", "pro bono", "trustee", "special constable", "governor", "bénévol")


@functools.cache
def _unpaid() -> re.Pattern[str]:
    """A title for a role given time, not paid: a volunteer's ("Volunteer Befriender", "Volunteer Team Leader", "Driver
    (Voluntary)", "Unpaid", "Pro Bono Adviser", « Bénévole - aide aux devoirs », « Administratrice bénévole »), a
    charity's trustee ("Trustee (Treasurer)"), a school's governor ("Parent Governor", "Chair of Governors"), a "Special
    Constable". Not the
    paid staff who work with them ("Volunteer Coordinator", "Head of Volunteering", "Trustee Services Manager",
    « Responsable des bénévoles », « Chargée de bénévolat »), nor a prison's "Governor". Compiled only for a title with
    one of `_UNPAID_WORDS`."""
    return re.compile(
        r"^(?!.*\b(?:manager|managers|co-?ordinator|officer|head|director|directrice|directeur|supervisor|administrator"
        r"|development|engagement|recruitment|services|programme|program|responsable|coordinateur"
        r"|coordinatrice|chargée?)\b)"
        r".*(?:\bvolunteer(?:ing)?\b|\bvoluntary\b|\bunpaid\b|\bpro\s+bono\b|\btrustee\b|\bspecial\s+constable\b"
        rf"|{_SCHOOL_GOVERNOR.format(more='')}|\bbénévol(?:e|es|at)\b)",
        re.I,
    )


_BOARD_WORDS = ("trustee", "governor", "non-exec", "non exec", "ned", "board", "conseil d", "administrat")


@functools.cache
def _board() -> re.Pattern[str]:
    """A seat on a board, which oversees an organisation rather than working in it: a charity's trustee ("Trustee
    (Treasurer)", "Board Trustee"), a school's governor ("Parent Governor", "Chair of Governors"), a non-executive
    director ("Non-Executive Director", "NED", « Administratrice indépendante »), a board member (« Membre du conseil
    d’administration »). Not the staff who serve a board ("Board Secretary", "Governance Officer", "Trustee Services
    Manager"), nor a prison's "Governor", nor a systems administrator (« Administrateur systèmes »).
    Compiled only for a title with one of `_BOARD_WORDS`."""
    return re.compile(
        r"^(?!.*\b(?:manager|officer|administrator|secretary|clerk|coordinator|co-ordinator|assistant|services|support"
        r"|analyst|head|appointments|recruitment)\b)"
        rf".*(?:\btrustee\b|{_SCHOOL_GOVERNOR.format(more='|lay')}"
        r"|\bnon[- ]executive\b|\b(?-i:NED)\b|\bboard\s+member\b"
        r"|\bmembre\s+du\s+conseil\s+d['’]\s*administration\b"
        r"|\badministrat(?:eur|rice)s?\s+(?:indépendante?s?|non[- ]exécuti(?:f|ve)s?)(?!\w))",
        re.I,
    )


_SALES_WORDS = ("sales", "account executive", "business develop", "sdr", "bdr", "commercia", "affaires", "ventes")


@functools.cache
def _sales() -> re.Pattern[str]:
    """A title for a sales job, whose pay often has a commission part: "Account Executive", "Sales Manager", "Head of
    Sales", "Field Sales Engineer", "Business Development Representative", "SDR", « Ingénieur commercial », « Attachée
    commerciale », « Commercial terrain », « Ingénieur d’affaires », « Business Developer », « Directrice des ventes »,
    Québec's « Représentant des ventes ». Not a job beside sales ("Sales Assistant", "Sales Operations Analyst", "Sales
    Ledger Clerk", « Conseiller aux ventes »), nor an English "Commercial Manager" (often contracts). Compiled only
    for a title with one of `_SALES_WORDS`."""
    return re.compile(
        r"\bsales\s+(?:representative|rep|executive|manager|director|lead|leader|consultant|specialist|agent"
        r"|development|negotiator|engineer)\b"
        r"|\b(?:head|director|vp|vice president|chief)\s+(?:of\s+)?(?:global\s+)?sales\b"
        r"(?!\s+(?:operations|ops|enablement|support|administration|planning))"
        r"|\b(?:inside|field|outside|b2b|b2c|enterprise|territory|regional|area)\s+sales\b"
        r"|\baccount executive\b|\bbusiness development\s+(?:representative|executive|manager|director|lead|associate)\b"
        r"|\bbusiness developer\b|\b(?-i:SDR|BDR)\b"
        r"|\b(?:ingénieure?|attachée?|technico-|directeur|directrice|responsable|délégué|déléguée|chargée?)\s*"
        r"commercia(?:l|le|ux|les)\b"
        r"|^\s*commerciale?\b(?!\s+(?:manager|director|lead|analyst|officer|lawyer|solicitor|counsel))"
        r"|\bcommerciale?\s+(?:terrain|sédentaire|itinérante?|grands comptes|b2b|export)\b"
        r"|\b(?:ingénieure?|chargée?)\s+d['’]\s*affaires\b"
        r"|\b(?:directeur|directrice|responsable|représentante?|gestionnaire)\s+des\s+ventes\b",
        re.I,
    )


def title_facts(role: str) -> set[str]:
    """The `role:…` facts the title `role` carries: `role:leads`, `role:remote`, `role:entry` and, within it,
    `role:trainee`, `role:scale`, `role:sales`, `role:contract`, `role:temporary`, `role:unpaid` and `role:board`."""
    holds: set[str] = set()
    leads, none, remote = _title_patterns()
    if leads.search(none.sub(" ", role)):
        holds.add("role:leads")
    if remote.search(role):
        holds.add("role:remote")
    title = role.casefold()
    own = role  # the title without the words of a job that runs internships ("Head of Internships")
    if any(word in title for word in _FIRST_JOB_WORDS):
        first, runs = _first_job()
        own = runs.sub(" ", role)
        places = [m.group("junior") is None for m in first.finditer(own)]
        if places:
            holds.add("role:entry")
        if any(places):
            holds.add("role:trainee")
    for fact, words, pattern in (
        ("role:unpaid", _UNPAID_WORDS, _unpaid),
        ("role:board", _BOARD_WORDS, _board),
        ("role:scale", _SCALE_WORDS, _pay_scale),
        ("role:sales", _SALES_WORDS, _sales),
        ("role:contract", _CONTRACTOR_WORDS, _contract),
    ):
        if _says(role, words, pattern):
            holds.add(fact)
    if "role:contract" in holds or _says(own, _TEMPORARY_WORDS, _temporary):  # a contractor is taken on for a set time
        holds.add("role:temporary")
    return holds


def temporary(role: str) -> bool:
    """Whether the title `role` says the job ends after a set time (`role:temporary`): an internship, a temporary,
    seasonal or fixed-term job, or a contractor's. A title with none of their words compiles no pattern."""
    folded = role.casefold()
    if not any(word in folded for word in (*_TEMPORARY_WORDS, *_CONTRACTOR_WORDS)):
        return False
    return "role:temporary" in title_facts(role)


def given_time(role: str) -> bool:
    """Whether the title `role` is a seat on a board or a role given time, not a job (`role:board`, `role:unpaid`):
    nobody asks a trustee or a volunteer for work samples. A title with none of their words compiles no pattern."""
    folded = role.casefold()
    if not any(word in folded for word in (*_UNPAID_WORDS, *_BOARD_WORDS)):
        return False
    return not title_facts(role).isdisjoint({"role:unpaid", "role:board"})
