"""The invented requests for help from children, with the replies and the triage after them."""

from __future__ import annotations

from dev.demo.answers import asked
from dev.demo.replay import Replay


def add_asks(demo: Replay) -> None:
    """Children asking for help, in their own words and languages."""
    demo.ask(
        demo.ago(hours=2),
        asked(
            topics=["home", "feelings"],
            age_band="10-13",
            message=(
                "mine forældre skændes hele tiden og nu siger far at han vil flytte. jeg "
                "kan ikke sove om natten fordi jeg tænker på det. jeg tør ikke sige det til "
                "dem for så bliver de bare mere kede af det. hvad skal jeg gøre??"
            ),
        ),
    )
    demo.ask(
        demo.ago(hours=5),
        asked(
            safe="unsure",
            topics=["hurt"],
            age_band="6-9",
            wants_answer="no",
            message=(
                "min storebror slår mig når mor er på arbejde. han siger jeg ikke må sige det"
            ),
        ),
    )
    demo.ask(
        demo.ago(hours=8),
        asked(
            topics=["friends", "school"],
            age_band="10-13",
            message=(
                "لا أحد يريد أن يلعب معي في المدرسة لأنني لا أتكلم الدنماركية جيداً. "
                "أشعر بالوحدة كل يوم. هل يمكنكم مساعدتي؟"
            ),
        ),
        locale="ar",
    )
    nanna = demo.ask(
        demo.ago(days=1, hours=3),
        asked(
            topics=["school", "feelings"],
            age_band="14-17",
            name="Nanna",
            school="Nordskolen",
            message=(
                "Jeg har det rigtig dårligt i skolen. Jeg får ondt i maven hver morgen og "
                "har været hjemme meget. Min lærer siger, at jeg skal tale med nogen, men "
                "jeg ved ikke hvem. Kan I hjælpe mig?"
            ),
        ),
    )
    demo.triage(
        nanna,
        3,
        route="early_support",
        district="nord",
        adviser=demo.nord,
        reasoning=(
            "Tidlig støtte efter § 30: samtaler med rådgiver og skolens sundhedsplejerske. "
            "Nanna har selv skrevet og ønsker svar."
        ),
    )
    demo.reply(
        nanna,
        demo.nord,
        5,
        "Hej Nanna. Tak fordi du skrev til os. Jeg hedder Sara, og jeg er børne- og "
        "ungerådgiver. Jeg vil gerne mødes med dig og tale om det, der er svært. Vi kan "
        "mødes på skolen, hvis du vil. Skriv her, hvilken dag der passer dig.",
    )
    demo.visitor_writes(nanna, 9, "okay. torsdag efter 6. time? kan min veninde Ditte være med")
    viktoriia = demo.ask(
        demo.ago(days=2, hours=6),
        asked(
            topics=["feelings", "school", "home"],
            age_band="14-17",
            message=(
                # Ukrainian: the Cyrillic letters are meant.
                "Я живу тут з мамою вже два роки. Мама весь час плаче і сумує за татом, "  # noqa: RUF001
                "який залишився в Україні. Мені важко вчитися, і я ні з ким не можу про "  # noqa: RUF001
                "це поговорити."
            ),
        ),
        locale="uk",
    )
    demo.reply(
        viktoriia,
        demo.reception,
        4,
        "Дякуємо, що ти написав(-ла) нам. Я прочитав твоє повідомлення. Я напишу тобі "
        "тут ще раз незабаром. Напиши, будь ласка, в якій школі ти навчаєшся, щоб тобі "
        "допомогла людина з твого району.",
    )
    demo.visitor_writes(viktoriia, 20, "Я ходжу в Sydskolen, 9 клас.")
    demo.triage(
        viktoriia,
        26,
        route="early_support",
        district="syd",
        adviser=demo.syd,
        reasoning=(
            "Skriver på ukrainsk. Tidlig støtte efter § 30: samtaler med tolk, og mor "
            "tilbydes kontakt til Familiehuset. Distrikt Syd ud fra skolen."
        ),
    )
    english = demo.ask(
        demo.ago(days=3, hours=1),
        asked(
            safe="unsure",
            topics=["online"],
            age_band="14-17",
            message=(
                "Someone I met in a game has pictures of me and says he will send them to "
                "everyone in my class if I don't send more. I don't know what to do and I "
                "can't tell my parents."
            ),
        ),
        locale="en",
    )
    demo.reply(
        english,
        demo.reception,
        1,
        "Thank you for writing to us. You did the right thing. It is not your fault. "
        "Do not send more pictures, and do not delete the messages. I would like to talk "
        "with you today, on the phone or at your school, and you can bring an adult you "
        "trust. Write here when suits you. If you feel unsafe now, call 112.",
    )
    demo.assess_as(
        english,
        demo.reception,
        1.5,
        outcome="report_of_concern",
        reasoning=(
            "Digital afpresning med billeder af en ung. Underretning; politiet kontaktes "
            "sammen med den unge, som får tilbudt en samtale i dag."
        ),
    )
    demo.ask(
        demo.ago(days=4, hours=7),
        asked(
            topics=["friends", "online"],
            age_band="unsaid",
            wants_answer="no",
            message=(
                "Der er nogen i min klasse der har lavet en gruppe uden mig og skriver "
                "grimme ting om mig. Jeg ville bare sige det til nogen."
            ),
        ),
    )
    jonas = demo.ask(
        demo.ago(days=10, hours=4),
        asked(
            safe="no",
            topics=["hurt", "home"],
            age_band="14-17",
            name="Jonas",
            school="Midtbyens Skole, 8.c",
            phone="12 34 90 17",
            message=(
                "Min stedfar råber af mig og min lillebror hver dag, og i går skubbede han "
                "mig ind i et skab. Jeg har et mærke på ryggen. Jeg vil ikke bo der mere. "
                "Jeg har sovet hos min kammerat i nat."
            ),
        ),
    )
    demo.reply(
        jonas,
        demo.reception,
        0.5,
        "Hej Jonas. Tak fordi du skrev. Det er rigtig godt, at du har fortalt det. Vi "
        "ringer til dig i dag inden kl. 15. Hvis du føler dig utryg nu, så ring 112.",
    )
    demo.assess_as(
        jonas,
        demo.reception,
        1,
        outcome="report_of_concern",
        reasoning=(
            "Vold fra stedfar, mærke på ryggen. Underretning: børnefaglig undersøgelse "
            "skal overvejes, og Jonas tales med i dag uden forældrene. Ikke akut: Jonas "
            "sover hos sin far."
        ),
    )
    demo.triage(
        jonas,
        3,
        route="special_counselling",
        measure="scoping",
        district="midt",
        adviser=demo.leader,
        reasoning=(
            "Talt med Jonas samme dag på skolen sammen med hans lærer. Afdækning af "
            "forholdene i hjemmet; lillebror inddrages. Jonas bor midlertidigt hos sin far."
        ),
    )
    demo.feedback(
        jonas,
        demo.leader,
        24 * 7,
        decision=(
            "Jonas bor hos sin far, indtil afdækningen er færdig. Familien tilbydes "
            "familiebehandling, og lillebror har fået en samtale."
        ),
        views_counted=(
            "Du sagde klart, at du ikke vil bo hjemme lige nu. Det betød meget. Vi har "
            "lyttet til det."
        ),
        decided=(
            "Hej Jonas. Tak fordi du fortalte os, hvad du mener. Du bor hos din far, mens vi "
            "finder ud af, hvad der skal ske. Hvis du er uenig, eller hvis noget ændrer sig, "
            "kan du skrive til mig her eller ringe til os."
        ),
        not_possible=(
            "Vi kan ikke sige endnu, hvor længe det varer. Vi skal først tale med alle i familien."
        ),
    )
