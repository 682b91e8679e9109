"""Every word list the layout interpreter relies on, in one place.

These are general words of Swedish governing documents (styrdokument), never names of a
particular municipality or phrases of one document. Adding a synonym here teaches every
rule at once.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}

# Plan kinds as the schema names them, with the words that announce them in a title.
PLAN_KINDS: list[tuple[str, str]] = [
    ("internkontrollplan", "internkontrollplan"),
    ("verksamhetsberättelse", "verksamhetsberättelse"),
    ("verksamhetsplan", "verksamhetsplan"),
    ("uppdragsplan", "uppdragsplan"),
    ("nämndplan", "nämndplan"),
    ("mål och budget", "mål och budget"),
    ("uppföljning", "uppföljning"),
    ("aktivitetsplan", "verksamhetsplan"),
]

# Goal levels, most specific pattern first. Used on headings, labels and column headers.
GOAL_LEVEL_PATTERNS: list[tuple[str, str]] = [
    (r"\bvision", "vision"),
    (r"\butvecklingsområde", "utvecklingsområde"),
    (r"\bdelmål", "delmål"),
    (r"verksamhetsmål", "verksamhetsmål"),
    (r"\bnämndmål|mål för nämndens verksamhet|nämndens mål|mål i uppdragsplan", "nämndmål"),
    (r"strategisk\w* (mål|inriktning)|\bstrategiska områden|målområde", "strategiskt mål"),
    (r"långsiktig\w* mål|\bkf[- ]?mål|fullmäktiges mål|övergripande mål", "långsiktigt mål"),
    (r"\binriktning", "inriktning"),
    (
        r"särskild\w* uppdrag|arbetsgivaruppdrag|\bi uppdrag att|uppdrag under året|"
        r"uppdrag från",
        "uppdrag",
    ),
    (r"\bmål\b", "nämndmål"),
]

# A goal label at the start of a heading or cell: "Mål 1:", "Nämndmål 2 –", "Uppdrag 3:".
GOAL_LABEL_RE = re.compile(
    r"^(?P<label>(?:kommunfullmäktiges |fullmäktiges |nämndens )?"
    r"(?:mål|nämndmål|verksamhetsmål|delmål|uppdrag|utvecklingsområde|inriktning|"
    r"strategiskt mål|långsiktigt mål)"
    r"(?:\s+(?P<num>\d+(?:\s?[a-z])?(?:[.:]\d+)*))?)\s*(?:[:.–—-]\s*|$)",
    re.IGNORECASE,
)

# Headings that open a section which is never itself a goal, even under a goal heading.
NON_GOAL_HEADING_WORDS = [
    "inledning",
    "bakgrund",
    "syfte",
    "förutsättning",
    "utgångspunkt",
    "innehåll",
    "bilag",
    "omvärld",
    "nuläge",
    "sammanfattning",
    "sammanställning",
    "värdegrund",
    "kontakt",
    "genomförande",
    "uppföljning",
    "ärendebeskrivning",
    "förslag till beslut",
    "introduktion",
    "ledningssystem",
    "prognos",
]
# Words that make a non-goal heading only when they are the whole heading ("Ekonomi" is a
# section; "Ekonomi i balans" is a goal).
NON_GOAL_WHOLE_HEADINGS = {"ekonomi", "organisation", "budget", "bilagor", "bilaga"}

# Headings whose tables only repeat what the body already said.
SUMMARY_HEADING_WORDS = ["sammanställning", "sammanfattning", "översikt", "transformationskarta"]

CONTACT_WORDS = re.compile(r"\b(besöksadress|postadress|telefon|tel:|e-post|www\.)", re.I)

TOC_HEADINGS = re.compile(r"^(innehåll|innehållsförteckning)\b", re.I)

# Labels of måluppfyllelse/uppföljning lists under a goal.
CRITERIA_LABEL_RE = re.compile(
    r"^(måluppfyllelse|uppföljning|så mäts målet|mått|mätbarhet)\s*:?$", re.I
)

# Column roles, found by words in a table's header cells. Order matters: first match wins.
COLUMN_ROLES: list[tuple[str, str]] = [
    (r"^nr$|^nummer$|^punkt nr", "number"),
    (r"ansvarig nämnd", "responsible_board"),
    (r"berörd\w* nämnd", "concerned_boards"),
    (r"ansvarig\w* kontor|ansvarig förvaltning", "responsible_office"),
    (r"berör\w* kontor|berörd förvaltning", "concerned_offices"),
    (r"^punkt", "point"),
    (r"hantering", "handling"),
    (r"riskvärde|riskbedömning|risknivå|riskpoäng", "score"),
    (r"sannolikhet", "probability"),
    (r"konsekvens", "consequence"),
    (r"kontrollmoment|kontroll$", "control"),
    (r"kontrollansvarig", "control_responsible"),
    (r"rapporter\w* till|återrapport", "report_to"),
    (r"^metod", "method"),
    (r"frekvens|^redovisas$|periodicitet|mätfrekvens", "frequency"),
    (r"riskområde|^process|^risk$|^risker$|riskbeskrivning|identifierad risk", "risk"),
    (r"^åtgärd", "action"),
    (r"aktivitet|^åtgärder", "activity"),
    (r"ansvarig|ansvar$", "responsible"),
    (r"uppföljning|avstämning", "follow_up"),
    (r"^status$", "status"),
    (r"indikator|nyckeltal|^mått|mätetal", "indicator"),
    (r"nuläge|ingångsvärde|utgångsvärde|basvärde", "baseline"),
    (r"målvärde|^mål \d{4}|^mål$|^målnivå", "target"),
    (r"utfall \d{4}", "value"),
    (r"datakälla|källa", "data_source"),
    (r"identifierade utvecklingsområden|utvecklingsområde", "goal:utvecklingsområde"),
    (r"långsiktig\w* mål|kf[- ]?mål|fullmäktiges mål|övergripande mål", "goal:långsiktigt mål"),
    (r"strategisk\w* mål", "goal:strategiskt mål"),
    (r"verksamhetsmål", "goal:verksamhetsmål"),
    (r"mål för nämndens|nämndmål|nämndens mål", "goal:nämndmål"),
    (r"inriktning", "goal:inriktning"),
    (r"målområde|fokusområde|perspektiv|^område", "goal_ref"),
]

# Economic tables.
BUDGET_KINDS: list[tuple[str, str]] = [
    (r"avvikelse", "avvikelse"),
    (r"bokslut", "bokslut"),
    (r"prognos", "prognos"),
    (r"utfall", "utfall"),
    (r"budget|ram\b", "budget"),
    (r"\bplan\b", "plan"),
]
BUDGET_SECTIONS: list[tuple[str, str]] = [
    (r"investering", "investering"),
    (r"resultat", "resultat"),
    (r"drift", "drift"),
    (r"\bram\b|ramfördelning", "ram"),
]
BUDGET_TABLE_WORDS = re.compile(
    r"\b(tkr|mnkr|msek|tsek|driftbudget|investering\w*|resultatbudget|intäkter|kostnader|"
    r"driftsekonomi|ekonomi)\b",
    re.I,
)
VOLUME_WORDS = re.compile(r"\bvolym", re.I)
TOTAL_ROW_RE = re.compile(r"^(summa|totalt|total|netto)\b", re.I)

FREQUENCIES: list[tuple[str, str]] = [
    (r"månad|månatlig", "månad"),
    (r"kvartal", "kvartal"),
    (r"tertial", "tertial"),
    (r"halvår", "halvår"),
    (r"\bår\b|årlig|årsvis|helår", "år"),
]

DATA_SOURCES = re.compile(
    r"\b(kolada|medarbetarenkät\w*|brukarenkät\w*|brukarundersökning\w*|treserva|"
    r"kkik|öppna jämförelser|scb|socialstyrelsen)\b",
    re.I,
)

ACTIVITY_STATUS: list[tuple[str, str]] = [
    (r"ej påbörjad|inte påbörjad|ej startad", "ej påbörjad"),
    (r"pågår|påbörjad|pågående", "pågår"),
    (r"genomförd|klar|avslutad", "genomförd"),
    (r"avbruten|struken", "avbruten"),
]

# Role words for splitting an "ansvarig" cell into several responsible roles.
ROLE_WORD_RE = re.compile(
    r"^(\w*chef(?:er|en|erna)?|\w*direktör(?:en)?|\w*samordnare|sakkunnig\w*|"
    r"\w*utvecklare|\w*handläggare|\w*controller|\w*konsult|\w*ledningsgrupp\w*|"
    r"\w*strateg(?:er)?|projektledare|\w*administratör\w*|\w*koordinator\w*|"
    r"\w*specialist\w*|utredare|\w*sekreterare|\w*ansvarig|förvaltningen|nämnden|"
    r"\w*nämnd(?:en)?|\w*kontoret|\w*förvaltning(?:en)?|\w*ledare)$",
    re.I,
)
ROLE_QUALIFIERS = {"samtliga", "alla", "berörda", "respektive", "biträdande", "tf", "tf."}

PREVIOUS_YEAR_RE = re.compile(
    r"(föregående|förgående|förra|fg\.?)\s+(år|året|mätning\w*|period)", re.I
)
BETTER_WORDS = re.compile(r"\b(bättre|förbättr\w*)\b", re.I)
HIGHER_WORDS = re.compile(r"\b(högre|öka\w*|fler|större|över)\b", re.I)
LOWER_WORDS = re.compile(r"\b(lägre|minska\w*|färre|mindre|under)\b", re.I)
NEW_MEASURE_RE = re.compile(r"\b(nytt mått|ny indikator|saknas|ej mätt|mäts ej)\b", re.I)

DECREASE_NAME_WORDS = re.compile(
    r"\b(minska\w*|färre|lägre|kostnad\w*|sjukfrånvaro|väntetid\w*|avvikelse\w*)\b", re.I
)
INCREASE_NAME_WORDS = re.compile(r"\b(öka\w*|fler|högre|andel nöjda|nöjd\w*)\b", re.I)

# "Minst 8", "högst 5 %", "lägst 60 %": a measurable requirement inside prose.
QUANTIFIED_RE = re.compile(
    r"\b(?P<q>minst|högst|lägst|max(?:imalt)?|minimum|som mest|som minst|under|över)"
    r"(?:\s+(?:värdet|nivån|andelen))?\s+(?P<num>\d[\d\s\u00a0]*(?:,\d+)?)\s*(?P<pct>%)?",
    re.I,
)
QUANTIFIER_OPS = {
    "minst": ">=",
    "lägst": ">=",
    "minimum": ">=",
    "som minst": ">=",
    "högst": "<=",
    "max": "<=",
    "maximalt": "<=",
    "som mest": "<=",
    "under": "<",
    "över": ">",
}

DIARY_RE = re.compile(
    r"\b(?:(?:dnr|diarienummer|diarienr|dnr\.)\s*:?\s*)?"
    r"(?P<ref>[A-ZÅÄÖ]{1,6}[ -]?\d{4}[/:.-]\d{1,5}(?:[-.:]\d+)*)"
)
DIARY_LABEL_RE = re.compile(
    r"\b(?:dnr|diarienummer|diarienr)\.?\s*:?\s*(?P<ref>[A-ZÅÄÖ0-9][\w .:/-]{2,30}\d)", re.I
)

ADOPTED_RE = re.compile(
    r"\b(?:antagen|antagna|antaget|fastställd|fastställt|beslutad|beslutat|godkänd)"
    r"\s+(?:av\s+|i\s+)(?P<by>[\wåäöÅÄÖ-]+(?:\s+(?!den\b)(?!\d)[\wåäöÅÄÖ-]+)?)"
    r"(?:\s+den)?\s+(?P<date>\d{4}-\d{2}-\d{2}|\d{1,2}\s+\w+\s+\d{4})",
    re.I,
)
MUNICIPALITY_RE = re.compile(r"\b(?P<name>[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?)\s+kommun\b")
ORG_WORDS_RE = re.compile(
    r"\b([A-ZÅÄÖa-zåäö]*(?:nämnd|styrelse)(?:en)?|[A-ZÅÄÖa-zåäö]*(?:kontor|förvaltning)(?:et|en)?|"
    r"[A-ZÅÄÖa-zåäö]+verksamhet(?:en)?)\b"
)
