"""The invented applications for support, from parents and from young people."""

from __future__ import annotations

from dev.demo.answers import applied, dmy
from dev.demo.replay import Replay


def add_applications(demo: Replay) -> None:
    """Parents, and young people from 15, applying for support."""
    now = demo.now
    demo.apply(
        demo.ago(hours=4),
        applied(
            applicant="parent",
            support="unsure",
            child_name="Viggo Sørensen",
            child_birth_date=dmy(now, 3, 11, 2),
            district="unknown",
            reason=(
                "Viggo er 3 år og siger næsten ingen ord. Vuggestuen mener, at han måske "
                "skal udredes. Vi ved ikke, hvad vi har ret til, og vil gerne have hjælp "
                "til at finde ud af det."
            ),
            child_view=(
                "Viggo er for lille til at sige det med ord. Han bliver frustreret og slår, "
                "når vi ikke forstår ham."
            ),
            child_knows="no",
            name="Sidsel Sørensen",
            email="sidsel.soerensen@example.dk",
        ),
    )
    demo.apply(
        demo.ago(days=1, hours=1),
        applied(
            applicant="parent",
            support="advice",
            child_name="Karla Nielsen",
            child_birth_date=dmy(now, 8, 3, 5),
            district="nord",
            reason=(
                "Karla er 8 år og har fået det svært, efter at hendes far og jeg er gået "
                "fra hinanden. Hun græder meget ved sengetid og vil ikke sove alene. Vi vil "
                "gerne have råd til, hvordan vi hjælper hende igennem det."
            ),
            child_view="Hun siger: »Jeg vil bare have, at vi alle sammen bor sammen igen.«",
            child_knows="yes",
            name="Louise Nielsen",
            phone="12 34 55 61",
            email="louise.nielsen@example.dk",
        ),
    )
    demo.apply(
        demo.ago(days=3, hours=2),
        applied(
            applicant="young",
            support="measures",
            child_name="Yasmin El-Sayed",
            child_birth_date=dmy(now, 17, 22, 8),
            district="midt",
            reason=(
                "Jeg er 16 og bor med min mor, som er meget syg. Jeg står for det meste "
                "derhjemme, og jeg er ved at droppe ud af gymnasiet. Jeg søger en "
                "kontaktperson, som jeg kan tale med og få hjælp af til skole og fremtid."
            ),
            name="Yasmin El-Sayed",
            phone="12 34 77 19",
        ),
    )
    malthe = demo.apply(
        demo.ago(days=6, hours=3),
        applied(
            applicant="parent",
            support="early",
            child_name="Malthe Andersen",
            child_birth_date=dmy(now, 11, 19, 11),
            district="syd",
            reason=(
                "Malthe har ADHD og har svært ved at falde til i sin nye klasse. "
                "Derhjemme er der mange konflikter, og vi er slidte som forældre. Vi søger "
                "et forældrekursus eller familiesamtaler, så vi kan få en bedre hverdag."
            ),
            child_view=(
                "Malthe siger, at han gerne vil have færre skænderier derhjemme, og at vi "
                "råber for meget."
            ),
            child_knows="partly",
            name="Thomas Andersen",
            phone="12 34 62 08",
        ),
    )
    demo.triage(
        malthe,
        30,
        route="early_support",
        district="syd",
        adviser=demo.syd,
        reasoning=(
            "§ 30: forældrekursus og tre familiesamtaler i Familiehuset Syd. Malthe "
            "tilbydes en samtale alene med rådgiveren."
        ),
    )
    demo.reply(
        malthe,
        demo.syd,
        50,
        "Kære Thomas. Tak for jeres ansøgning. Vi tilbyder jer et forældrekursus, der "
        "starter om tre uger, og samtaler i Familiehuset Syd. Jeg vil også gerne tale med "
        "Malthe selv. Ring til mig, så finder vi en tid. Venlig hilsen Mikkel Thomsen, "
        "børne- og ungerådgiver",
    )
    elias = demo.apply(
        demo.ago(days=9, hours=2),
        applied(
            applicant="parent",
            support="early",
            child_name="Elias Hansen",
            child_birth_date=dmy(now, 6, 14, 6),
            district="syd",
            reason=(
                "Elias er lige startet i 0. klasse og har svært ved at være i SFO. Han slår "
                "de andre børn, når han bliver frustreret. Vi vil gerne have sparring."
            ),
            child_view=(
                "Elias siger, at der er for meget larm i SFO, og at han gerne vil hentes tidligere."
            ),
            child_knows="partly",
            name="Julie Hansen",
            phone="12 34 23 45",
        ),
    )
    demo.triage(
        elias,
        46,
        route="preventive",
        district="syd",
        reasoning=(
            "Forebyggende tilbud uden for Barnets lov: skolens trivselsteam og SFO'en laver "
            "en plan for Elias. Familien tilbydes åben rådgivning i Familiehuset."
        ),
    )
    laura = demo.apply(
        demo.ago(days=13, hours=5),
        applied(
            applicant="parent",
            support="measures",
            child_name="Laura Christensen",
            child_birth_date=dmy(now, 14, 30, 1),
            district="nord",
            reason=(
                "Laura har angst og har ikke været i skole i to måneder. Hun er tilknyttet "
                "børne- og ungdomspsykiatrien. Vi søger en kontaktperson eller anden støtte, "
                "så hun kan komme tilbage i skole."
            ),
            child_view=(
                "Laura siger: »Jeg vil gerne i skole, men jeg kan ikke gå ind ad døren alene.«"
            ),
            child_knows="yes",
            name="Morten Christensen",
            phone="12 34 40 36",
            email="morten.christensen@example.dk",
        ),
    )
    demo.triage(
        laura,
        44,
        route="special_counselling",
        measure="scoping",
        district="nord",
        adviser=demo.nord,
        reasoning=(
            "Afdækning af behovet for en kontaktperson efter § 32, sammen med skolen og "
            "psykiatrien. Laura høres på et møde, hvor hun vælger, hvem der er med."
        ),
    )
    demo.reply(
        laura,
        demo.nord,
        70,
        "Kære Morten. Vi har behandlet ansøgningen på den tværfaglige visitation. Jeg "
        "afdækker nu sagen og ringer til jer i denne uge for at aftale et møde, hvor Laura "
        "også er med. Venlig hilsen Sara Lindberg, børne- og ungerådgiver",
    )
    demo.close(laura, demo.nord, 74)
    oscar = demo.apply(
        demo.ago(days=20, hours=1),
        applied(
            applicant="young",
            support="advice",
            child_name="Oscar Berg",
            child_birth_date=dmy(now, 15, 9, 3),
            district="nord",
            reason=(
                "Jeg er 15 og har svært ved at være hjemme, fordi min mor og hendes kæreste "
                "skændes hele tiden. Jeg vil gerne tale med en, der ikke er fra skolen."
            ),
            name="Oscar Berg",
            phone="12 34 31 70",
        ),
    )
    demo.triage(
        oscar,
        22,
        route="early_support",
        district="nord",
        adviser=demo.nord,
        reasoning=(
            "Åben rådgivning for unge (§ 28) og et samtaleforløb på fem gange i Ungeindsatsen."
        ),
    )
    demo.reply(
        oscar,
        demo.nord,
        26,
        "Hej Oscar. Tak for din ansøgning. Du er velkommen til samtaler hos os. Første "
        "gang er torsdag kl. 15 i Ungeindsatsen på Torvet 4. Skriv her, hvis tiden ikke "
        "passer. Hilsen Sara",
    )
    demo.close(oscar, demo.nord, 27)
