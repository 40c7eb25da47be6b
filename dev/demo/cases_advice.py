"""The invented questions for anonymous advice (Barnets lov § 29), from parents and family."""

from __future__ import annotations

from dev.demo.answers import advised
from dev.demo.replay import Replay


def add_advice(demo: Replay) -> None:
    """Families asking without a name: one waiting for its answer, one answered, one in
    Ukrainian, one that wanted no answer."""
    demo.advice(
        demo.ago(hours=5),
        advised(
            asker="parent",
            age_band="14-17",
            topics=["parenting", "behaviour"],
            question=(
                "Vores søn på 15 sidder ved skærmen til langt ud på natten og er træt i "
                "skolen. Hver gang vi siger noget, bliver det til skænderi. Hvordan sætter "
                "vi grænser uden at miste kontakten til ham?"
            ),
        ),
    )
    answered = demo.advice(
        demo.ago(days=4, hours=3),
        advised(
            asker="family",
            age_band="6-9",
            topics=["separation", "wellbeing"],
            question=(
                "Jeg er mormor til en pige på 7. Hendes forældre er lige gået fra hinanden, "
                "og hun er meget stille, når hun er hos mig. Hvordan kan jeg støtte hende "
                "uden at blande mig for meget?"
            ),
        ),
    )
    demo.reply(
        answered,
        demo.reception,
        20,
        "Kære mormor. Tak for dit spørgsmål. Det er godt, at hun har dig. Vær der, lyt, "
        "og lad hende tale om det, når hun selv vil. Du behøver ikke have svar på alt. "
        "Familiehuset har en gratis samtale for bedsteforældre: ring på 12 34 56 78, hvis "
        "du vil høre mere. Venlig hilsen Modtagelsen",
    )
    demo.triage(
        answered,
        21,
        route="preventive",
        district="midt",
        reasoning="Anonym rådgivning efter § 29; besvaret i samtalen, ingen bekymring.",
    )
    demo.close(answered, demo.reception, 22)
    demo.advice(
        demo.ago(days=1, hours=6),
        advised(
            asker="parent",
            age_band="0-5",
            topics=["health"],
            question=(
                "Нашому сину 4 роки, і він майже не говорить. У садочку кажуть, що треба "  # noqa: RUF001
                "звернутися до логопеда. Куди нам звернутися?"
            ),
        ),
        locale="uk",
    )
    demo.advice(
        demo.ago(days=2),
        advised(
            asker="other",
            topics=["conflicts"],
            question="Jeg ville bare sige, at der mangler et sted, hvor stedforældre kan mødes.",
            wants_answer="no",
        ),
    )
