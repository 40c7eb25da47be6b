"""The invented reports of concern, from professionals and private persons, and what
reception and the advisers have done on them."""

from __future__ import annotations

from dev.demo.answers import a_child, citizen, professional
from dev.demo.replay import Replay


def add_reports(demo: Replay) -> None:
    """Reports of concern (underretninger): every clock in every state."""
    # Not assessed, 30 hours in: the 24-hour assessment is overdue.
    demo.report(
        demo.ago(hours=30),
        professional(
            danger="no",
            name="Hanne Krogh",
            workplace="Nordskolen, Eksempelby",
            role="Lærer og klasselærer i 4.b",
            email="hanne.krogh@nordskolen.example.dk",
            phone="12 34 71 02",
            child=a_child("Emil", "10 år", "", "Nordskolen, 4.b", "nord"),
            concern=(
                "Emil er de sidste tre uger kommet i skole uden madpakke og i det samme "
                "tøj flere dage i træk. Han falder i søvn i timerne og siger, at han ikke "
                "har fået morgenmad. I mandags havde han et stort blåt mærke på overarmen, "
                "som han ikke ville forklare."
            ),
            child_words=(
                "Da jeg spurgte til mærket, sagde han: »Det er ikke noget. Mor var bare "
                "sur.« Bagefter bad han mig om ikke at sige det til nogen."
            ),
            actions=(
                "Jeg har talt med Emil i frikvarteret og med skolelederen. Vi har ikke "
                "kontaktet forældrene, fordi vi er i tvivl om, hvorvidt det kan gøre det "
                "værre for Emil."
            ),
            parents_know="no",
            child_knows="unsure",
        ),
    )
    # Anonymous neighbour, district not known: reception must assess, and it is late.
    demo.report(
        demo.ago(hours=27),
        citizen(
            danger="unsure",
            child=a_child(
                "", "ca. 5 år", "Engvej, opgangen med nr. 14, 2. sal th., Eksempelby", "", None
            ),
            concern=(
                "Jeg bor i opgangen. Næsten hver aften hører jeg råb og ting, der bliver "
                "smidt, fra lejligheden ved siden af. I går aftes græd et lille barn "
                "længe, og en voksen råbte »hold nu kæft« mange gange. Politiet har "
                "været der én gang i sommer."
            ),
            actions="Jeg har ikke gjort noget endnu. Jeg kender ikke familien.",
            parents_know="no",
            child_knows="no",
        ),
    )
    # Due within hours.
    demo.report(
        demo.ago(hours=20),
        professional(
            danger="no",
            name="Lise Bach",
            workplace="Sundhedsplejen Syd",
            role="Sundhedsplejerske",
            email="lise.bach@sundhed.example.dk",
            child=a_child("Noah", "4 måneder", "Skovbrynet 3, Eksempelby", "", "syd"),
            concern=(
                "Ved mine to sidste hjemmebesøg har mor virket meget trist og træt. Hun "
                "siger, at hun ikke kan overskue noget og ikke får sovet. Noah tager for "
                "lidt på: vægtkurven er faldet fra 50. til 16. percentil. Far arbejder på "
                "skiftehold og er sjældent hjemme."
            ),
            actions=(
                "Jeg har talt med mor om fødselsdepression og opfordret hende til at "
                "kontakte egen læge. Jeg har aftalt et ekstra besøg i næste uge."
            ),
            parents_know="yes",
            child_knows="no",
        ),
    )
    demo.report(
        demo.ago(hours=22),
        professional(
            danger="unsure",
            name="Kasper Vind",
            workplace="Børnehuset Mælkebøtten",
            role="Pædagog",
            email="kasper.vind@maelkeboetten.example.dk",
            child=a_child("Alma", "4 år", "", "Børnehuset Mælkebøtten", "nord"),
            concern=(
                "Alma er tre gange den sidste måned blevet hentet af sin far, mens han "
                "tydeligt var påvirket. I dag lugtede han af alkohol og kunne ikke gå "
                "lige. Vi lod ikke Alma gå med ham."
            ),
            child_words="Alma sagde: »Far sover altid på sofaen, og så kan han ikke vågne.«",
            actions=(
                "Vi ringede til mor, som hentede Alma. Vi har skrevet ned, hvornår det er "
                "sket. Vores leder er orienteret."
            ),
            parents_know="yes",
            child_knows="no",
        ),
    )
    # Just in: 21 hours left.
    demo.report(
        demo.ago(hours=3),
        citizen(
            danger="no",
            name="Inger Poulsen",
            phone="12 34 88 20",
            child=a_child("Maja og Oliver", "8 og 12 år", "", "Midtbyens Skole", "midt"),
            concern=(
                "Jeg er mormor til Maja og Oliver. Siden deres far flyttede, drikker min "
                "datter meget, også om dagen. Oliver på 12 passer tit sin lillesøster og "
                "laver aftensmad. Han har sagt til mig, at han ikke har lyst til at komme "
                "hjem."
            ),
            child_words=(
                "Oliver sagde: »Jeg gider ikke tage hjem, når mor er sådan. Så skal jeg "
                "passe på Maja hele tiden.«"
            ),
            actions=(
                "Jeg har prøvet at tale med min datter, men hun bliver vred. Børnene er "
                "hos mig hver anden weekend."
            ),
            parents_know="no",
            child_knows="yes",
        ),
    )
    # Assessed within hours, triaged to scoping, receipt sent: § 137 feedback running.
    freja = demo.report(
        demo.ago(days=4, hours=2),
        professional(
            danger="no",
            name="Peter Smed",
            workplace="Sydskolen",
            role="Klasselærer i 7.a",
            email="peter.smed@sydskolen.example.dk",
            child=a_child("Freja", "13 år", "", "Sydskolen, 7.a", "syd"),
            concern=(
                "Freja har over 30 % fravær i dette skoleår, mest om mandagen. Hun har "
                "trukket sig fra sine veninder og skrev i en stil, at »det hele er "
                "ligegyldigt«. Hun går i lange ærmer, også til idræt."
            ),
            child_words=(
                "Hun sagde til mig: »Jeg orker bare ikke at være her. Der er ingen, der "
                "fatter det.«"
            ),
            actions=(
                "Jeg har holdt en samtale med Freja og en med hendes mor. Skolens "
                "trivselsvejleder og PPR er inddraget. Mor er enig i, at vi underretter."
            ),
            parents_know="yes",
            child_knows="yes",
        ),
    )
    demo.assess(
        freja,
        demo.reception,
        5,
        acute=False,
        reasoning=(
            "Ikke akut. Freja er ikke i umiddelbar fare, og mor samarbejder. Der er tegn på "
            "mistrivsel og mulig selvskade, som skal afdækkes hurtigt."
        ),
    )
    demo.triage(
        freja,
        26,
        route="special_counselling",
        measure="scoping",
        district="syd",
        adviser=demo.syd,
        reasoning=(
            "Tværfaglig visitation: afdækning ved børne- og ungerådgiver sammen med "
            "PPR-psykolog. Samtale med Freja inden for en uge; hun vil helst tale på skolen."
        ),
    )
    demo.receipt(freja, demo.reception, 30)
    # Assessed and triaged, but the receipt to the doctor was never recorded: overdue.
    sofie = demo.report(
        demo.ago(days=16, hours=3),
        professional(
            danger="no",
            name="Anders Møller",
            workplace="Lægehuset Nord",
            role="Praktiserende læge",
            email="laegehuset.nord@example.dk",
            child=a_child("Sofie", "15 år", "", "Nordskolen, 9.a", "nord"),
            concern=(
                "Sofie har været hos mig tre gange på to måneder med mavesmerter og "
                "hovedpine uden fund. Hun fortæller om mange konflikter efter forældrenes "
                "skilsmisse og om, at hun ikke sover om natten."
            ),
            child_words="»Jeg er træt af at være budbringer mellem mor og far.«",
            actions=(
                "Jeg har talt med Sofie alene og anbefalet hende at tale med skolens "
                "sundhedsplejerske. Mor ved, at jeg underretter."
            ),
            parents_know="yes",
            child_knows="yes",
        ),
    )
    demo.assess(
        sofie,
        demo.reception,
        3,
        acute=False,
        reasoning=(
            "Ikke akut. Sofies helbred er ikke truet nu, men hun mistrives i konflikten "
            "mellem forældrene."
        ),
    )
    demo.triage(
        sofie,
        48,
        route="early_support",
        district="nord",
        adviser=demo.nord,
        reasoning=(
            "Tidlig forebyggende indsats efter § 30: familiesamtaler i Familiehuset og et "
            "skilsmisseforløb for Sofie. Rådgiveren kontakter begge forældre."
        ),
    )
    # Acute: assessed within two hours; an investigation, no adviser in Midt yet.
    mathias = demo.report(
        demo.ago(days=9, hours=5),
        professional(
            danger="yes",
            name="Rikke Brandt",
            workplace="Eksempelby Politi, forebyggelsessektionen",
            role="Politiassistent",
            email="rikke.brandt@politi.example.dk",
            phone="12 34 11 14",
            child=a_child("Mathias", "16 år", "Vestergade 40, Eksempelby", "", "midt"),
            concern=(
                "Mathias blev i weekenden anholdt sammen med to ældre unge for "
                "butikstyveri. Han havde mange kontanter og to mobiltelefoner på sig. Han "
                "fortalte, at han »skylder nogen penge« og ikke tør tage hjem."
            ),
            child_words="»Hvis jeg ikke skaffer pengene, så ved de, hvor jeg bor.«",
            actions=(
                "Mathias blev kørt hjem til sin far. Sagen er oprettet hos politiet, og "
                "SSP er orienteret."
            ),
            parents_know="yes",
            child_knows="yes",
        ),
    )
    demo.assess(
        mathias,
        demo.reception,
        1.5,
        acute=True,
        reasoning=(
            "Akut: Mathias fortæller om trusler og er bange. Døgnvagten talte med far samme "
            "aften; Mathias bor indtil videre hos sin moster."
        ),
    )
    demo.triage(
        mathias,
        20,
        route="special_counselling",
        measure="investigation",
        district="midt",
        user=demo.leader,
        reasoning=(
            "Børnefaglig undersøgelse efter § 20 i tæt samarbejde med SSP og politiet. "
            "Mathias tilbydes en bisidder. Fordeles til en rådgiver i Midt på mandag."
        ),
    )
    demo.receipt(mathias, demo.reception, 70)
    # Assessed, waiting for triage; the receipt still runs.
    ali = demo.report(
        demo.ago(days=5, hours=1),
        professional(
            danger="no",
            name="Maria Lund",
            workplace="Fritidsklubben Nord",
            role="Klubpædagog",
            email="maria.lund@klub.example.dk",
            child=a_child("Ali", "11 år", "", "Fritidsklubben Nord", "nord"),
            concern=(
                "Ali er i klubben hver dag til lukketid og siger, at der ikke er nogen "
                "hjemme. Han spørger ofte, om der er mad tilovers. Hans storebror har "
                "fortalt, at mor er indlagt på hospitalet."
            ),
            child_words="»Jeg må godt være alene. Jeg er jo stor.«",
            actions="Vi har givet Ali aftensmad i klubben og prøvet at ringe til far.",
            parents_know="unsure",
            child_knows="no",
        ),
    )
    demo.assess(
        ali,
        demo.reception,
        6,
        acute=False,
        reasoning=(
            "Ikke akut, men familien skal kontaktes hurtigt for at afklare, hvem der "
            "passer Ali, mens mor er indlagt."
        ),
    )
    # Assessed after the 24 hours (a weekend): the clock shows it was late.
    girl = demo.report(
        demo.ago(days=2, hours=4),
        citizen(
            danger="no",
            child=a_child("", "ca. 9 år", "Bøgevej 7, Eksempelby", "", "syd"),
            concern=(
                "En pige på ca. 9 år går alene hjem meget sent og sidder tit på trappen og "
                "venter, fordi ingen lukker op. Det har været koldt, og i går havde hun "
                "ingen jakke på."
            ),
            parents_know="no",
            child_knows="no",
        ),
    )
    demo.assess(
        girl,
        demo.reception,
        30,
        acute=False,
        reasoning=(
            "Ikke akut. Familien er kendt fra åben rådgivning. Vurderet efter fristen, "
            "fordi underretningen kom ind lige før weekenden."
        ),
    )
    demo.triage(
        girl,
        33,
        route="preventive",
        district="syd",
        reasoning=(
            "Forebyggende tilbud: familien inviteres til åben rådgivning i Familiehuset og "
            "får hjælp til en plads i SFO'ens eftermiddagsmodul."
        ),
    )
    # An older report: the § 137 feedback to the teacher is overdue.
    william = demo.report(
        demo.ago(days=32, hours=2),
        professional(
            danger="unsure",
            name="Camilla Friis",
            workplace="Sydskolen",
            role="Lærer i 2.b",
            email="camilla.friis@sydskolen.example.dk",
            child=a_child("William", "8 år", "", "Sydskolen, 2.b", "syd"),
            concern=(
                "William har flere gange haft mærker i ansigtet og på hænderne. Han bliver "
                "urolig og gemmer sig under bordet, når nogen taler højt. Far var meget "
                "vred til skole-hjem-samtalen og truede med at tage ham ud af skolen."
            ),
            child_words="»Far siger, at jeg er dum. Så bliver han sur og slår.«",
            actions=(
                "Jeg har talt med skolelederen. Vi har ikke talt med forældrene om "
                "underretningen, fordi vi er bekymrede for Williams sikkerhed."
            ),
            parents_know="no",
            child_knows="unsure",
        ),
    )
    demo.assess(
        william,
        demo.reception,
        2,
        acute=True,
        reasoning=(
            "Akut: William fortæller om vold fra far. Samtale med William på skolen samme "
            "dag; politiet er orienteret, og der er holdt samråd med Børnehuset."
        ),
    )
    demo.triage(
        william,
        22,
        route="special_counselling",
        measure="investigation",
        district="syd",
        adviser=demo.syd,
        reasoning=(
            "Børnefaglig undersøgelse efter § 20 med Børnehuset. William tales med på "
            "skolen med sin lærer som tryg voksen."
        ),
    )
    demo.receipt(william, demo.reception, 50)
    # Everything done, then closed in the portal.
    ida = demo.report(
        demo.ago(days=18, hours=6),
        professional(
            danger="no",
            name="Jesper Holt",
            workplace="Nordskolen",
            role="Trivselsvejleder",
            email="jesper.holt@nordskolen.example.dk",
            child=a_child("Ida", "12 år", "", "Nordskolen, 6.a", "nord"),
            concern=(
                "Ida bliver holdt udenfor og drillet på Snapchat af flere i klassen. Hun "
                "har ikke været i skole i otte dage. Forældrene er bekymrede og har selv "
                "bedt om hjælp."
            ),
            child_words="»Jeg vil gerne i skole, hvis bare de holder op.«",
            actions=(
                "Vi har holdt møde med forældrene og klassens lærere og lavet en "
                "trivselsplan. Forældrene ved, at vi underretter, og ønsker det."
            ),
            parents_know="yes",
            child_knows="yes",
        ),
    )
    demo.assess(
        ida,
        demo.reception,
        4,
        acute=False,
        reasoning="Ikke akut. Forældrene samarbejder. Mistrivsel på grund af digital mobning.",
    )
    demo.triage(
        ida,
        40,
        route="early_support",
        district="nord",
        adviser=demo.nord,
        reasoning=(
            "§ 30: forløb i Familiehuset og et trivselsforløb for klassen med SSP. Ingen "
            "børnefaglig undersøgelse."
        ),
    )
    demo.receipt(ida, demo.reception, 44)
    demo.reporter_feedback(ida, demo.nord, 24 * 9, outcome="support", how="secure_mail")
    demo.close(ida, demo.nord, 24 * 9 + 1)
    # A named citizen; the district was found at triage; no further action.
    lucas = demo.report(
        demo.ago(days=6, hours=2),
        citizen(
            danger="no",
            name="Bo Larsen",
            email="bo.larsen@example.dk",
            child=a_child("Lucas", "ca. 14 år", "Kirkevej 12, Eksempelby", "", None),
            concern=(
                "Lucas spiller computer med høj lyd til langt ud på natten, og jeg hører "
                "forældrene skælde ud. Han ser meget træt ud om morgenen."
            ),
            actions="Jeg har ikke talt med familien.",
            parents_know="no",
            child_knows="no",
        ),
    )
    demo.assess(
        lucas,
        demo.reception,
        5,
        acute=False,
        reasoning="Ikke akut. Intet tyder på, at Lucas' helbred eller udvikling er truet.",
    )
    demo.triage(
        lucas,
        28,
        route="no_action",
        district="midt",
        reasoning=(
            "Ingen yderligere handling. Skolen oplyser, at Lucas trives og møder stabilt. "
            "Underretningen gemmes på sagen."
        ),
    )
    demo.close(lucas, demo.reception, 29)
