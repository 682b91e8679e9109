"""Swedish words the generator builds a municipality from.

Everything here is data: names of places, nämnder, verksamheter and units, and the goal,
indicator, activity, risk and text templates a social-services plan typically holds. The
generator only combines them, so a richer municipality needs more data, not more code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Place names are a prefix and a suffix ("Björk" + "dalen"); they name districts and units.
PLACE_PREFIXES = (
    "Björk",
    "Ek",
    "Lind",
    "Sjö",
    "Berg",
    "Ås",
    "Hag",
    "Norr",
    "Sör",
    "Väst",
    "Öst",
    "Ängs",
    "Gran",
    "Tall",
    "Ros",
    "Sol",
    "Kvarn",
    "Hög",
    "Lund",
    "Mal",
    "Al",
    "Asp",
    "Hassel",
    "Rönn",
    "Sälg",
    "Vide",
    "Ljung",
    "Mo",
    "Ström",
    "Bäck",
    "Fors",
    "Hammar",
    "Kyrk",
    "Torp",
)
PLACE_SUFFIXES = (
    "dalen",
    "backen",
    "gården",
    "viken",
    "hagen",
    "lunden",
    "berget",
    "ängen",
    "torpet",
    "holmen",
    "udden",
    "höjden",
    "strand",
    "skogen",
    "slätten",
    "parken",
    "bo",
    "åsen",
)
MUNICIPALITY_SUFFIXES = (
    "köping",
    "sala",
    "by",
    "stad",
    "hamn",
    "vik",
    "tuna",
    "inge",
    "sta",
    "hult",
    "ryd",
    "fors",
    "mora",
    "näs",
    "ö",
)

VISIONS = (
    "Vision {year}: En trygg och hållbar kommun där alla kan växa",
    "Vision {year}: Tillsammans skapar vi framtidens kommun",
    "Vision {year}: En kommun där människor mår bra, känner sig trygga och är delaktiga",
)

LONG_TERM_GOALS = (
    "Skapa en hållbar och ansvarsfull ekonomi genom ett långsiktigt effektiviseringsarbete.",
    "Kommuninvånarna kan leva hälsosamma liv och uppleva välbefinnande och trygghet.",
    "Barn och unga ges goda förutsättningar att växa upp under trygga förhållanden.",
    "Fler invånare är självförsörjande genom arbete eller studier.",
    "Kommunen är en attraktiv arbetsgivare med engagerade medarbetare.",
    "Äldre och personer med funktionsnedsättning lever ett självständigt liv med god kvalitet.",
    "Ett jämställt och inkluderande samhälle där alla har lika möjligheter.",
)

COMMITTEE_GOALS = (
    "Brukarna upplever att insatserna ger ett gott stöd och en ökad livskvalitet.",
    "Fler vuxna med missbruk eller beroende har en stabil boendesituation.",
    "Barn och unga som är i behov av stöd får rätt insats i rätt tid.",
    "Andelen hushåll med långvarigt ekonomiskt bistånd minskar.",
    "Verksamheten bedrivs inom tilldelad budgetram.",
    "Medarbetarna upplever en god arbetsmiljö och ett hållbart engagemang.",
    "Handläggningen är rättssäker och utredningar genomförs inom lagstadgad tid.",
    "Fler insatser ges på hemmaplan i stället för genom externa placeringar.",
    "Våldsutsatta personer får skydd, stöd och hjälp att bryta sin situation.",
    "Digitala lösningar används för att öka tillgänglighet och effektivitet.",
)

ACTIVITY_FOLLOW_UPS = (
    "Tertialuppföljning till verksamhetschef.",
    "Halvårsavstämning och helårsuppföljning till nämnden.",
    "Redovisas i delårsrapport och verksamhetsberättelse.",
    "Avstämning i ledningsgruppen varje månad.",
    "Uppföljning i samband med bokslut.",
)

ASSESSMENT_TEXTS = {
    "met": (
        "Målet bedöms vara uppfyllt. Utfallet för perioden ligger i nivå med eller bättre än "
        "målvärdet och aktiviteterna har genomförts enligt plan.",
        "Arbetet har gett effekt. Samtliga indikatorer visar en positiv utveckling jämfört "
        "med föregående år.",
    ),
    "partly_met": (
        "Målet bedöms vara delvis uppfyllt. Flera aktiviteter pågår men effekten syns ännu "
        "inte fullt ut i utfallet.",
        "Utvecklingen går i rätt riktning men målvärdet har inte nåtts. Personalomsättning "
        "under perioden har försenat delar av arbetet.",
    ),
    "not_met": (
        "Målet bedöms inte vara uppfyllt. Ett ökat inflöde av ärenden har påverkat "
        "handläggningstiderna negativt. Åtgärder tas fram inför nästa period.",
        "Utfallet är sämre än föregående år. En fördjupad analys görs tillsammans med "
        "ekonomi och HR.",
    ),
    "not_assessed": ("Målet kan inte bedömas ännu eftersom underlag saknas för perioden.",),
}

CALENDAR = (
    (1, "JANUARI / FEBRUARI", ("Ekonomi- och verksamhetsuppföljning", "Bokslut {prev}")),
    (3, "MARS", ("Verksamhetsberättelse {prev}", "Ej verkställda beslut", "Internkontroll {prev}")),
    (4, "APRIL", ("Ekonomi- och verksamhetsuppföljning", "Patientsäkerhetsberättelse")),
    (5, "MAJ", ("Tertialrapport 1", "Synpunkter och klagomål")),
    (6, "JUNI", ("Budgetunderlag {next}", "Ej verkställda beslut")),
    (8, "AUGUSTI", ("Ekonomi- och verksamhetsuppföljning",)),
    (9, "SEPTEMBER", ("Delårsrapport", "Ej verkställda beslut")),
    (10, "OKTOBER", ("Ekonomi- och verksamhetsuppföljning", "Riskanalys inför internkontroll")),
    (11, "NOVEMBER", ("Internkontrollplan {next}", "Sammanträdesplan {next}")),
    (12, "DECEMBER", ("Uppdragsplan och budget {next}", "Attestförteckning {next}")),
)

POLITICAL_POINTS = (
    "Införa Bostad först fullt ut.",
    "Säkerställa att våldsutsatta har tillgång till skyddat boende.",
    "Stärka det förebyggande arbetet för barn och unga i utsatta områden.",
    "Minska beroendet av ekonomiskt bistånd genom samverkan med arbetsmarknadsenheten.",
    "Öka andelen heltidstjänster inom vård och omsorg.",
    "Utveckla trygghetsskapande insatser tillsammans med polisen.",
    "Införa välfärdsteknik i hemtjänsten.",
    "Korta väntetiden till missbruksvård.",
    "Erbjuda alla äldre ett förebyggande hembesök.",
    "Stärka stödet till anhöriga som vårdar närstående.",
)
POLITICAL_STATUSES = ("Pågår", "Genomförd", "Ej påbörjad", "Delvis genomförd")

RISKS = (
    ("Rättssäkerhet i biståndsbeslut", "Risk att beslut fattas på bristfälligt underlag."),
    ("Arbetsmiljö", "Risk för hög arbetsbelastning och ohälsa bland medarbetarna."),
    ("Sjukfrånvaro", "Risk att sjukfrånvaron ökar och påverkar kontinuiteten."),
    ("Hot och våld", "Risk att medarbetare utsätts för hot och våld i tjänsten."),
    ("Informationssäkerhet", "Risk att känsliga personuppgifter hanteras felaktigt."),
    ("Utredningstider", "Risk att utredningar inte slutförs inom lagstadgad tid."),
    ("Ej verkställda beslut", "Risk att beviljade insatser inte verkställs inom tre månader."),
    ("Placeringskostnader", "Risk att kostnaderna för externa placeringar överskrider budget."),
    ("Kompetensförsörjning", "Risk att verksamheten inte kan rekrytera socionomer."),
    ("Dokumentation", "Risk att dokumentationen inte följer gällande föreskrifter."),
    ("Avvikelsehantering", "Risk att avvikelser inte rapporteras och åtgärdas."),
    ("Upphandlade insatser", "Risk att köpta insatser inte följs upp mot avtal."),
    ("Attest och delegation", "Risk att beslut fattas utan gällande delegation."),
    ("Läkemedelshantering", "Risk för felaktig läkemedelshantering hos brukare."),
)
CONTROL_FREQUENCIES = ("1 ggr per år", "2 ggr per år", "Tertialvis", "Månadsvis", "Löpande")
CONTROL_METHODS = (
    "Stickprov av {n} akter",
    "Genomgång och analys av statistik från verksamhetssystemet",
    "Sammanställning och analys av inrapporterade avvikelser",
    "Granskning av delegationsbeslut",
    "Enkät till medarbetare",
)
CONTROL_REPORT_TO = ("{committee}", "Förvaltningens ledningsgrupp", "Verksamhetschef")
CONTROL_RESULTS = (
    ("Kontrollen genomförd utan anmärkning.", False, ""),
    (
        "Kontrollen visar brister i {n} av de granskade ärendena.",
        True,
        "Dokumentation saknades eller var ofullständig.",
    ),
    ("Kontrollen genomförd. Rutinen följs i huvudsak.", True, "Enstaka avvikelser från rutinen."),
)
RISK_ACTIONS = (
    "Uppdatera rutinen och informera samtliga medarbetare.",
    "Genomföra utbildningsinsats för handläggare.",
    "Införa kollegial granskning av utredningar.",
    "Ta fram en handlingsplan tillsammans med HR.",
)


@dataclass(frozen=True)
class IndicatorTemplate:
    name: str
    unit: str
    direction: str  # "increase" or "decrease"
    low: float  # a plausible range of values
    high: float
    gender_split: bool = False
    data_source: str = ""


@dataclass(frozen=True)
class DepartmentKind:
    """A kind of verksamhet: how its units are named and what its plan talks about."""

    name: str
    unit_types: tuple[str, ...]
    goals: tuple[str, ...]
    activities: tuple[str, ...]
    indicators: tuple[IndicatorTemplate, ...]
    volume_group: str
    volumes: tuple[tuple[str, str, int, int], ...]  # label, unit, low, high per unit
    cost_range: tuple[int, int] = (8_000, 40_000)  # tkr per unit and year
    fixed_units: tuple[str, ...] = field(default=())


_STAFF_INDICATORS = (
    IndicatorTemplate("Sjukfrånvaro", "%", "decrease", 4, 12, True, "Personalsystemet"),
    IndicatorTemplate(
        "Hållbart medarbetarengagemang (HME)",
        "index",
        "increase",
        70,
        85,
        False,
        "Medarbetarenkät",
    ),
)

DEPARTMENT_KINDS: tuple[DepartmentKind, ...] = (
    DepartmentKind(
        name="Vuxenverksamheten",
        unit_types=("Boendeenheten", "Öppenvården", "Stödboende", "Resursteam"),
        fixed_units=("Myndighet vuxen", "Resursteamet", "Frideborg"),
        goals=(
            "Personer med missbruk får stöd att uppnå en drogfri tillvaro.",
            "Fler i egen regi: insatser på hemmaplan ersätter externa placeringar.",
            "Personer i hemlöshet får ett eget boende med stöd.",
        ),
        activities=(
            "Använda verksamhetslägenheter som utsluss i väntan på stödlägenhet.",
            "Anpassa insatsernas intensitet efter behov på hemmaplan.",
            "Införa strukturerad uppföljning av placeringar.",
            "Utveckla samverkan med regionens beroendevård.",
        ),
        indicators=(
            IndicatorTemplate("Antal vårddygn på HVB för vuxna", "antal", "decrease", 800, 4000),
            IndicatorTemplate(
                "Andel vuxna med missbruk som inte återaktualiserats ett år efter avslutad "
                "utredning/insats",
                "%",
                "increase",
                60,
                85,
                True,
                "Kolada",
            ),
            IndicatorTemplate("Kostnad missbruksvård vuxna", "kr/inv", "decrease", 600, 1400),
            *_STAFF_INDICATORS,
        ),
        volume_group="Individ- och familjeomsorg",
        volumes=(("Antal vårddygn", "dygn", 300, 3000), ("Antal brukare", "antal", 10, 80)),
    ),
    DepartmentKind(
        name="Barn och unga",
        unit_types=("Utredningsenheten", "Familjebehandling", "Familjehemsenheten", "HVB"),
        fixed_units=("Mottagningsenheten", "Familjebehandlingen"),
        goals=(
            "Barn och unga får en utredning av hög kvalitet inom lagstadgad tid.",
            "Fler barn och unga får stöd i öppenvård i stället för placering.",
            "Barnets perspektiv är tydligt i alla utredningar.",
        ),
        activities=(
            "Införa BBIC fullt ut i samtliga utredningar.",
            "Rekrytera fler familjehem genom riktade kampanjer.",
            "Utveckla samverkan med skola och elevhälsa.",
            "Erbjuda föräldraskapsstöd i grupp.",
        ),
        indicators=(
            IndicatorTemplate(
                "Andel utredningar barn och unga som avslutats inom 4 månader",
                "%",
                "increase",
                55,
                95,
                False,
                "Verksamhetssystemet",
            ),
            IndicatorTemplate(
                "Andel barn och unga 0–20 år med öppenvårdsinsats som inte återaktualiserats",
                "%",
                "increase",
                65,
                90,
                True,
                "Kolada",
            ),
            IndicatorTemplate("Kostnad barn- och ungdomsvård", "kr/inv", "decrease", 1200, 2600),
            IndicatorTemplate("Antal placerade barn i HVB", "antal", "decrease", 5, 60),
            *_STAFF_INDICATORS,
        ),
        volume_group="Individ- och familjeomsorg",
        volumes=(("Antal utredningar", "antal", 40, 400), ("Antal placerade barn", "antal", 2, 40)),
    ),
    DepartmentKind(
        name="Äldreomsorg",
        unit_types=("Hemtjänst", "Särskilt boende", "Korttidsboende", "Dagverksamhet"),
        fixed_units=("Hemtjänst Centrum", "Solgården"),
        goals=(
            "Äldre känner sig trygga med sin hemtjänst.",
            "Brukarna på särskilt boende upplever att de har inflytande över sin vardag.",
            "Personalkontinuiteten i hemtjänsten ökar.",
        ),
        activities=(
            "Införa digital nattillsyn.",
            "Planera insatserna så att färre personal besöker varje brukare.",
            "Utbilda samtliga undersköterskor i demensvård.",
            "Erbjuda meningsfulla aktiviteter varje dag.",
        ),
        indicators=(
            IndicatorTemplate(
                "Andel brukare som är nöjda med sin hemtjänst",
                "%",
                "increase",
                80,
                96,
                True,
                "Socialstyrelsens brukarundersökning",
            ),
            IndicatorTemplate(
                "Personalkontinuitet, antal personal en hemtjänsttagare möter under 14 dagar",
                "antal",
                "decrease",
                8,
                20,
                False,
                "Kolada",
            ),
            IndicatorTemplate("Väntetid till särskilt boende, dagar", "antal", "decrease", 30, 120),
            IndicatorTemplate("Kostnad äldreomsorg", "kr/inv", "decrease", 18000, 30000),
            *_STAFF_INDICATORS,
        ),
        volume_group="Vård och omsorg",
        volumes=(
            ("Antal brukare", "antal", 20, 200),
            ("Antal beviljade timmar", "timmar", 2000, 40000),
        ),
        cost_range=(15_000, 70_000),
    ),
    DepartmentKind(
        name="Funktionsstöd",
        unit_types=("Gruppbostad", "Servicebostad", "Daglig verksamhet", "Korttidsvistelse"),
        fixed_units=("Personlig assistans", "Gruppbostad Linden"),
        goals=(
            "Personer med funktionsnedsättning har en meningsfull sysselsättning.",
            "Brukarna är delaktiga i utformningen av sina insatser.",
            "Fler går från daglig verksamhet till arbete.",
        ),
        activities=(
            "Införa individuella genomförandeplaner för samtliga brukare.",
            "Utveckla samarbetet med Arbetsförmedlingen.",
            "Genomföra brukarråd två gånger per år.",
        ),
        indicators=(
            IndicatorTemplate(
                "Andel brukare i gruppbostad som får bestämma om saker som är viktiga",
                "%",
                "increase",
                70,
                95,
                True,
                "Kolada",
            ),
            IndicatorTemplate(
                "Antal personer som gått från daglig verksamhet till arbete",
                "antal",
                "increase",
                0,
                15,
            ),
            IndicatorTemplate("Kostnad LSS", "kr/inv", "decrease", 5000, 9000),
            *_STAFF_INDICATORS,
        ),
        volume_group="Funktionsstöd",
        volumes=(("Antal brukare", "antal", 5, 60), ("Antal beslut enligt LSS", "antal", 5, 80)),
        cost_range=(10_000, 50_000),
    ),
    DepartmentKind(
        name="Ekonomiskt bistånd",
        unit_types=("Handläggning", "Arbetsmarknadsinsatser", "Mottagning"),
        fixed_units=("Mottagning ekonomiskt bistånd",),
        goals=(
            "Fler hushåll blir självförsörjande.",
            "Handläggningen av ekonomiskt bistånd är rättssäker och effektiv.",
        ),
        activities=(
            "Erbjuda samtliga nya sökande en arbetsmarknadsinsats inom 30 dagar.",
            "Införa digital ansökan om ekonomiskt bistånd.",
            "Samverka med vuxenutbildningen kring språkstöd.",
        ),
        indicators=(
            IndicatorTemplate(
                "Andel vuxna biståndsmottagare med långvarigt ekonomiskt bistånd",
                "%",
                "decrease",
                25,
                50,
                True,
                "Kolada",
            ),
            IndicatorTemplate(
                "Antal hushåll med ekonomiskt bistånd", "antal", "decrease", 100, 1500
            ),
            IndicatorTemplate("Utbetalt ekonomiskt bistånd", "kr/inv", "decrease", 600, 2200),
            *_STAFF_INDICATORS,
        ),
        volume_group="Individ- och familjeomsorg",
        volumes=(("Antal hushåll", "antal", 50, 600),),
    ),
    DepartmentKind(
        name="Första linjen",
        unit_types=("Mottagning", "Rådgivning", "Fältgrupp"),
        fixed_units=("Socialjouren",),
        goals=(
            "Invånare får snabb kontakt och rätt stöd vid första kontakten.",
            "Det förebyggande arbetet når fler barn och unga.",
        ),
        activities=(
            "Införa en gemensam ingång för alla ärendetyper.",
            "Utöka fältarbetet kvällstid under sommaren.",
        ),
        indicators=(
            IndicatorTemplate(
                "Andel ärenden som avslutas i första linjen", "%", "increase", 30, 60
            ),
            IndicatorTemplate("Väntetid till första samtal, dagar", "antal", "decrease", 2, 20),
            *_STAFF_INDICATORS,
        ),
        volume_group="Individ- och familjeomsorg",
        volumes=(("Antal kontakter", "antal", 100, 2000),),
    ),
    DepartmentKind(
        name="Socialpsykiatri",
        unit_types=("Boendestöd", "Träfflokal", "Stödboende"),
        fixed_units=("Boendestödet",),
        goals=("Personer med psykisk ohälsa har en meningsfull vardag och ett eget boende.",),
        activities=(
            "Utveckla samverkan med psykiatrin enligt SIP.",
            "Erbjuda sysselsättning anpassad efter individens förmåga.",
        ),
        indicators=(
            IndicatorTemplate("Antal personer med boendestöd", "antal", "increase", 20, 200),
            IndicatorTemplate(
                "Andel brukare som upplever att stödet har förbättrat deras situation",
                "%",
                "increase",
                60,
                90,
                True,
            ),
            *_STAFF_INDICATORS,
        ),
        volume_group="Vård och omsorg",
        volumes=(("Antal brukare", "antal", 10, 120),),
    ),
    DepartmentKind(
        name="Familjerätt och familjestöd",
        unit_types=("Familjerätten", "Familjestöd", "Samtalsmottagning"),
        fixed_units=("Familjerätten",),
        goals=("Barn får sina rättigheter tillgodosedda vid separationer.",),
        activities=(
            "Erbjuda samarbetssamtal inom två veckor.",
            "Utveckla stödet till barn i familjer med våld.",
        ),
        indicators=(
            IndicatorTemplate("Antal samarbetssamtal", "antal", "increase", 20, 300),
            IndicatorTemplate(
                "Andel avslutade faderskapsutredningar inom ett år", "%", "increase", 70, 98
            ),
            *_STAFF_INDICATORS,
        ),
        volume_group="Individ- och familjeomsorg",
        volumes=(("Antal utredningar", "antal", 10, 200),),
    ),
)

# Nämnder a generated municipality has before it runs out and uses stadsdelsnämnder.
COMMITTEES = (
    ("Socialnämnden", "SN", "Socialförvaltningen", "SOF"),
    ("Äldrenämnden", "ÄN", "Äldreförvaltningen", "ÄF"),
    ("Funktionsstödsnämnden", "FSN", "Funktionsstödsförvaltningen", "FSF"),
    ("Arbetsmarknadsnämnden", "AMN", "Arbetsmarknadsförvaltningen", "AMF"),
    ("Vård- och omsorgsnämnden", "VON", "Vård- och omsorgsförvaltningen", "VOF"),
)
DISTRICT_COMMITTEE = "{district} stadsdelsnämnd"
DISTRICT_ADMINISTRATION = "{district} stadsdelsförvaltning"

FIRST_NAMES = ("Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Mikael", "Eva", "Ali")

# Delmål of one unit; "{unit}" is the unit's name.
SUB_GOALS = (
    "{unit} minskar väntetiden för nya ärenden.",
    "{unit} ökar brukarnas delaktighet i planeringen av sina insatser.",
    "{unit} har en sjukfrånvaro under förvaltningens genomsnitt.",
    "{unit} följer upp samtliga genomförandeplaner inom sex månader.",
    "{unit} bedriver verksamheten inom tilldelad budgetram.",
    "{unit} stärker samverkan med närliggande verksamheter.",
)
