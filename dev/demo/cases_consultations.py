"""The invented consultations (have your say), with the feedback the children were given."""

from __future__ import annotations

from dev.demo.answers import said
from dev.demo.replay import Replay

# A child's case in the case system, shared by two of her consultations (participation
# over time).
SHARED_CASE_CODE = "27.12.04-G01-123-26"


def add_consultations(demo: Replay) -> None:
    """Children having their say (Lundy), two of them from one child over time."""
    demo.say(
        demo.ago(hours=3),
        said(
            age_band="14-17",
            hard="Alt for meget derhjemme",
            hear_back=["here"],
        ),
    )
    demo.say(
        demo.ago(days=1, hours=2),
        said(
            age_band="6-9",
            how=["meeting"],
            with_whom="Min mormor",
            feel_safe="At mormor er med",
            feelings={"home": "2", "school": "4", "friends": "5", "free_time": "4"},
            good="Min hund og mine venner",
            hard="Når mor og far råber",
            wish="At de holder op med at råbe",
            to_a_person=True,
            adviser="Sara",
            parents_may_see="ask",
            hear_back=["meeting"],
        ),
    )
    demo.say(
        demo.ago(days=5, hours=5),
        said(
            age_band="6-9",
            how=["school"],
            feelings={"home": "4", "school": "2", "friends": "1", "free_time": None},
            good="Min lillesøster",
            hard="Ingen vil lege med mig i frikvarteret",
            wish="En ven",
            parents_may_see="yes",
        ),
    )
    # Feedback promised 14 days ago and not given: overdue.
    noa = demo.say(
        demo.ago(days=16, hours=2),
        said(
            age_band="10-13",
            how=["here", "school"],
            with_whom="Min lærer Hanne",
            feel_safe="At det ikke er hjemme",
            good="Fodbold og min bedste ven",
            hard="At jeg skal skifte skole, hvis vi flytter",
            wish="At jeg må blive på min skole",
            adviser="Sara Lindberg",
            parents_may_see="yes",
            hear_back=["here"],
        ),
    )
    demo.triage(
        noa,
        20,
        route="special_counselling",
        measure="investigation",
        district="nord",
        adviser=demo.nord,
        reasoning="Barnets egne synspunkter til den igangværende børnefaglige undersøgelse.",
    )
    demo.reply(
        noa,
        demo.nord,
        28,
        "Tak for det, du skrev. Jeg har læst det hele, og jeg tager det med, når vi "
        "beslutter, hvor du skal gå i skole. Jeg skriver til dig her igen.",
    )
    # Feedback due in two days.
    teen = demo.say(
        demo.ago(days=12, hours=1),
        said(
            age_band="14-17",
            how=["phone"],
            feel_safe="At jeg kan sige det, uden at min far hører det",
            good="Mit fritidsjob og min kæreste",
            hard=(
                "Jeg vil ikke på støtteophold hver anden weekend mere. Det er som at bo to "
                "steder, og jeg går glip af alt."
            ),
            wish="At jeg selv må bestemme, hvornår jeg er i støttefamilien",
            adviser="Mikkel",
            parents_may_see="no",
            hear_back=["phone", "here"],
        ),
    )
    demo.triage(
        teen,
        6,
        route="special_counselling",
        measure="parallel_support",
        district="syd",
        adviser=demo.syd,
        reasoning=("Den unges ønsker til støtteopholdet; drøftes ved opfølgningen på ungeplanen."),
    )
    # Given late, and the young person was told so.
    mechanic = demo.say(
        demo.ago(days=18, hours=3),
        said(
            age_band="14-17",
            how=["meeting"],
            with_whom="Min kontaktperson Rasmus",
            feel_safe="At vi ikke mødes på rådhuset",
            good="Jeg er kommet i praktik som mekaniker",
            hard="At min plan bliver lavet uden mig",
            wish="Jeg vil selv være med til at skrive min ungeplan",
            to_a_person=True,
            adviser="Mikkel Thomsen",
            parents_may_see="yes",
            hear_back=["meeting"],
        ),
    )
    demo.triage(
        mechanic,
        24,
        route="special_counselling",
        measure="parallel_support",
        district="syd",
        adviser=demo.syd,
        reasoning="Input til revision af ungeplanen.",
    )
    demo.feedback(
        mechanic,
        demo.syd,
        24 * 16,
        decision=(
            "Ungeplanen skrives om på et møde på værkstedet, hvor han selv er med sammen "
            "med sin kontaktperson. Praktikken fortsætter."
        ),
        views_counted=(
            "Du ville være med til at skrive planen og mødes et trygt sted. Det gør vi nu."
        ),
        decided=(
            "Hej. Tak for det, du skrev. Vi skriver din ungeplan sammen, på et møde på "
            "værkstedet, og Rasmus er med. Undskyld, at du ventede længere end lovet på svar. "
            "Hvis du er uenig, så skriv her eller ring til mig. Hilsen Mikkel"
        ),
        not_possible="Alt det, du ønskede, kunne lade sig gøre.",
    )
    # One child, one case, twice: participation over time.
    liva_first = demo.say(
        demo.ago(days=17, hours=4),
        said(
            age_band="10-13",
            how=["here", "meeting"],
            with_whom="Min mor. Eller min lærer.",
            feel_safe="At far ikke får at vide, hvad jeg har sagt, før vi har talt om det",
            good="At jeg bor hos mor i hverdagen, og at jeg har min kat",
            hard=(
                "Weekenderne hos far. Han drikker øl og falder i søvn, og så er jeg alene "
                "med min lillebror."
            ),
            wish="At jeg kun er hos far om dagen og ikke sover der",
            adviser="Sara",
            parents_may_see="ask",
            hear_back=["here", "meeting"],
        ),
    )
    demo.triage(
        liva_first,
        4,
        route="special_counselling",
        measure="parallel_support",
        district="nord",
        adviser=demo.nord,
        case_code=SHARED_CASE_CODE,
        reasoning="Barnets synspunkter om samværet; rådgiver Sara Lindberg har sagen.",
    )
    demo.reply(
        liva_first,
        demo.nord,
        24,
        "Hej Liva. Tak for det, du skrev. Jeg har læst det hele. Vil du mødes med mig på "
        "skolen på tirsdag? Din mor må gerne være med, hvis du vil.",
    )
    demo.visitor_writes(liva_first, 30, "ja det vil jeg gerne. mor skal være med")
    demo.feedback(
        liva_first,
        demo.nord,
        24 * 9,
        decision=(
            "Liva er hos sin far om dagen hver anden lørdag, men overnatter ikke, indtil "
            "far har gennemført et alkoholbehandlingsforløb. Aftalt med begge forældre."
        ),
        views_counted=(
            "Du ønskede ikke at sove hos far. Det har vi fulgt. Du ville have, at far først "
            "hørte det på mødet, og sådan blev det."
        ),
        decided=(
            "Hej Liva. Tak fordi du fortalte os, hvad du tænker. Du er hos din far om dagen, "
            "men du sover ikke der lige nu. Hvis du er uenig, eller hvis noget ændrer sig, "
            "kan du skrive til mig her eller ringe til os. Hilsen Sara"
        ),
        not_possible=(
            "Du må ikke selv bestemme, hvornår du ser far. Det aftaler vi med dine forældre."
        ),
    )
    liva_again = demo.say(
        demo.ago(days=2, hours=5),
        said(
            age_band="10-13",
            how=["here"],
            with_whom="Min mor",
            good="At jeg ikke sover hos far mere. Og jeg har fået en ny veninde i klassen.",
            hard="Far er ked af det og siger, at det er min skyld.",
            wish="At far holder op med at sige det. Og at vi kan tage i svømmehallen igen.",
            adviser="Sara",
            parents_may_see="ask",
            hear_back=["here"],
        ),
    )
    demo.triage(
        liva_again,
        5,
        route="special_counselling",
        measure="parallel_support",
        district="nord",
        adviser=demo.nord,
        case_code=SHARED_CASE_CODE,
        reasoning="Opfølgning på samværet; Liva har selv skrevet igen.",
    )
