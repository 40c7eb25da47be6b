"""Demo data: staff accounts with known logins, and invented inquiries in every state.

Everything here is made up: the people, schools, addresses and phone numbers (e-mail
addresses use example.dk). The answers use the journeys' own field names and choice
values, so the staff workspace shows them with the journeys' questions; the writes mirror
what each journey's ``submit`` does, and the casework goes through
``portal.casework.services`` as the staff pages do, audit entries included.

Run it with ``flask --app wsgi demo seed``; never in production (the CLI refuses).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import click
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.apply.views import lundy_record as apply_lundy
from portal.ask.views import lundy_record as ask_lundy
from portal.casework import services as casework
from portal.casework.clocks import start_feedback_clock, start_report_clocks
from portal.conversation import services as received
from portal.districts import District
from portal.inquiries import promises, services
from portal.inquiries.models import Inquiry
from portal.inquiries.services import district_of
from portal.municipality import profile
from portal.safety import rules, screening_list
from portal.safety import services as safety
from portal.say.views import OWN_WORDS, lundy_record
from portal.staff import accounts, passwords, totp
from portal.staff.models import StaffUser

Answers = dict[str, Any]

# Every demo account has this password, and a fixed authenticator secret (README).
DEMO_PASSWORD = "demo-indgang-kommune-2026"  # noqa: S105 - a demo login, documented

# (e-mail, name, role, districts, TOTP secret in base32)
DEMO_ACCOUNTS: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    ("leder@demo.indgang.dk", "Birgitte Holm", "leader", (), "2VPX3HJHCAJKJ6RMYHAGESDZEKT4MNHJ"),
    (
        "modtagelsen@demo.indgang.dk",
        "Jonas Kjær",
        "reception",
        ("nord", "midt", "syd"),
        "75YMHZNLTTETRNLNJ3WGBQONPPWAGSCB",
    ),
    (
        "raadgiver.nord@demo.indgang.dk",
        "Sara Lindberg",
        "adviser",
        ("nord",),
        "3HJX4CFVGBHBTF67T7OXFJDX7DLB5P6Q",
    ),
    (
        "raadgiver.syd@demo.indgang.dk",
        "Mikkel Thomsen",
        "adviser",
        ("syd",),
        "3PZ77FJVG3D3R7B6XRSCYO7LIMDHVH6E",
    ),
    ("admin@demo.indgang.dk", "Ulla Dam", "admin", (), "QUKH2S7TI6STVPRNEJKSX5QWY6MOXEPT"),
)

# A child's case in the case system, shared by two of her consultations (participation
# over time).
SHARED_CASE_CODE = "27.12.04-G01-123-26"

_DISTRICTS = ("nord", "midt", "syd")
# What the apply journey writes into participation_record.format for a parent's application.
_PARENT_APPLICATION_FORMAT = "web form: application, the child's view as told by the parent"


def seed(s: Session, now: datetime) -> str:
    """Add the demo accounts that are missing and, on a first run, the invented inquiries."""
    known = set(s.scalars(select(District.slug).where(District.slug.in_(_DISTRICTS))))
    missing = [d for d in _DISTRICTS if d not in known]
    if missing:
        raise click.ClickException(
            f"The districts {', '.join(missing)} are not in the database. The demo uses the "
            "example profile (content/municipality.toml): run 'flask --app wsgi profile load'."
        )
    users: dict[str, StaffUser] = {}
    created = 0
    for email, name, role, districts, secret in DEMO_ACCOUNTS:
        user = accounts.find_by_email(s, email)
        if user is None:
            user = _create_account(s, email, name, role, list(districts), secret, now)
            created += 1
        users[role if role != "adviser" else email.split("@")[0]] = user
    s.flush()
    if created < len(DEMO_ACCOUNTS):
        inquiries = 0  # not the first run: the invented cases are there already
    else:
        with current_app.test_request_context(
            "/staff/demo-seed", environ_base={"REMOTE_ADDR": "127.0.0.1"}
        ):
            inquiries = _Cases(s, now, users).add_all()
    lines = [
        f"Demo accounts: {created} created, {len(DEMO_ACCOUNTS) - created} already there.",
        f"Invented inquiries: {inquiries} added."
        if inquiries
        else "Invented inquiries: none added (the demo accounts existed before this run).",
        f"Log in at /staff/login as {DEMO_ACCOUNTS[0][0]} with password {DEMO_PASSWORD}; "
        "get a code with: flask --app wsgi demo code EMAIL",
        "Other accounts (same password): "
        + ", ".join(f"{email} ({role})" for email, _n, role, _d, _s in DEMO_ACCOUNTS[1:]),
    ]
    return "\n".join(lines)


def _create_account(
    s: Session,
    email: str,
    name: str,
    role: str,
    districts: list[str],
    secret: str,
    now: datetime,
) -> StaffUser:
    user, _first_password = accounts.create(
        s, email=email, name=name, role=role, districts=districts, now=now, enrolled=True
    )
    user.demo = True
    user.must_change_password = False
    user.password_hash = passwords.hash_password(DEMO_PASSWORD)
    totp.seal(user, secret)
    return user


@contextmanager
def _clock_at(moment: datetime) -> Iterator[None]:
    """Set the app's clock while a past step is replayed, so its audit entry has its time."""
    config = current_app.config
    had, before = "CLOCK" in config, config.get("CLOCK")
    config["CLOCK"] = lambda: moment
    try:
        yield
    finally:
        if had:
            config["CLOCK"] = before
        else:
            config.pop("CLOCK", None)


def _dmy(now: datetime, years: int, day: int, month: int) -> str:
    """A birth date ``years`` before now, as the forms take it (24-12-2015)."""
    return f"{day:02d}-{month:02d}-{now.year - years}"


class _Cases:
    """Adds the invented inquiries and what staff have done on them so far."""

    def __init__(self, s: Session, now: datetime, users: dict[str, StaffUser]) -> None:
        self.s, self.now = s, now
        self.leader = users["leader"]
        self.reception = users["reception"]
        self.nord = users["raadgiver.nord"]
        self.syd = users["raadgiver.syd"]
        self.count = 0

    # -- time ------------------------------------------------------------------------

    def ago(self, *, days: float = 0, hours: float = 0) -> datetime:
        return self.now - timedelta(days=days, hours=hours)

    def later(self, inquiry: Inquiry, hours: float) -> datetime:
        """A moment ``hours`` after the inquiry came in (never in the future)."""
        return min(inquiry.received_at + timedelta(hours=hours), self.now - timedelta(minutes=5))

    def _do(self, inquiry: Inquiry, hours: float, step: Callable[[datetime], object]) -> None:
        moment = self.later(inquiry, hours)
        with _clock_at(moment):
            step(moment)
            # Triage and audit rows name the inquiry by id only: write in order.
            self.s.flush()

    # -- what came in (as each journey's submit writes it) ------------------------------

    def ask(self, received: datetime, answers: Answers, locale: str = "da") -> Inquiry:
        """portal.ask.views.submit."""
        anonymous = answers.get("identity") != "named"
        wants_answer = answers.get("wants_answer") == "yes"
        age_band = answers["age_band"] if answers.get("age_band") != "unsaid" else None
        inquiry = services.create_inquiry(
            self.s,
            kind="ask_for_help",
            answers=answers,
            locale=locale,
            anonymous=anonymous,
            wants_answer=wants_answer,
            now=received,
        )
        services.add_participation(
            self.s,
            inquiry,
            age_band=age_band,
            format="web form: ask for help",
            lundy=ask_lundy(answers),
            now=received,
        )
        if wants_answer:
            services.open_conversation(
                self.s, inquiry, first_message=answers["message"], now=received
            )
            promises.wait_for_answer(self.s, inquiry, received, profile())
        reasons = rules.reasons_for(
            screening_list(),
            safe=answers["safe"],
            topics=answers["topics"],
            texts=[answers["message"]],
        )
        safety.raise_flag(self.s, inquiry, reasons, now=received)
        return self._added(inquiry)

    def apply(self, received: datetime, answers: Answers) -> Inquiry:
        """portal.apply.views.submit."""
        inquiry = services.create_inquiry(
            self.s,
            kind="application",
            answers=answers,
            locale="da",
            anonymous=False,
            wants_answer=True,
            now=received,
            district_slug=district_of(self.s, answers),
        )
        if answers.get("applicant") == "parent":
            services.add_participation(
                self.s,
                inquiry,
                age_band=None,
                format=_PARENT_APPLICATION_FORMAT,
                lundy=apply_lundy(answers),
                now=received,
            )
        services.open_conversation(self.s, inquiry, first_message=None, now=received)
        promises.wait_for_answer(
            self.s, inquiry, received, profile(), child=answers.get("applicant") != "parent"
        )
        return self._added(inquiry)

    def report(self, received: datetime, answers: Answers) -> Inquiry:
        """portal.report.views.submit: the 24-hour clock, and for professionals the receipt
        and the § 137 feedback."""
        professional = answers.get("reporter") == "professional"
        inquiry = services.create_inquiry(
            self.s,
            kind="report_of_concern",
            answers=answers,
            locale="da",
            anonymous=answers.get("reporter") == "citizen" and answers.get("identity") != "named",
            wants_answer=False,
            now=received,
            district_slug=district_of(self.s, answers),
        )
        start_report_clocks(inquiry, professional=professional)
        return self._added(inquiry)

    def say(self, received: datetime, answers: Answers) -> Inquiry:
        """portal.say.views.submit: feedback promised within 14 days, the Lundy record."""
        inquiry = services.create_inquiry(
            self.s,
            kind="consultation",
            answers=answers,
            locale="da",
            anonymous=not answers.get("adviser"),
            wants_answer=True,
            now=received,
        )
        feedback_due = start_feedback_clock(inquiry)
        services.add_participation(
            self.s,
            inquiry,
            age_band=answers.get("age_band"),
            format="web form: have your say",
            lundy=lundy_record(answers, feedback_due.isoformat()),
            now=received,
        )
        services.open_conversation(self.s, inquiry, first_message=None, now=received)
        reasons = rules.reasons_for(screening_list(), texts=[answers.get(f) for f in OWN_WORDS])
        safety.raise_flag(self.s, inquiry, reasons, now=received)
        return self._added(inquiry)

    def _added(self, inquiry: Inquiry) -> Inquiry:
        self.s.flush()  # before any casework row refers to it
        self.count += 1
        return inquiry

    # -- casework (as the staff pages do it) -----------------------------------------

    def read(self, inquiry: Inquiry, user: StaffUser, hours: float) -> None:
        self._do(inquiry, hours, lambda at: casework.read(self.s, user, inquiry, at))

    def assess(
        self, inquiry: Inquiry, user: StaffUser, hours: float, *, acute: bool, reasoning: str
    ) -> None:
        self.assess_as(
            inquiry, user, hours, outcome="acute" if acute else "not_acute", reasoning=reasoning
        )

    def assess_as(
        self, inquiry: Inquiry, user: StaffUser, hours: float, *, outcome: str, reasoning: str
    ) -> None:
        """The 24-hour assessment, of a report or of a possible danger (the safety line)."""
        self.read(inquiry, user, hours - 0.25)
        self._do(
            inquiry,
            hours,
            lambda at: casework.assess(
                self.s, user, inquiry, outcome=outcome, reasoning=reasoning, now=at
            ),
        )

    def triage(
        self,
        inquiry: Inquiry,
        hours: float,
        *,
        route: str,
        district: str,
        reasoning: str,
        adviser: StaffUser | None = None,
        measure: str | None = None,
        case_code: str | None = None,
        user: StaffUser | None = None,
    ) -> None:
        who = user or self.reception
        self.read(inquiry, who, hours - 0.25)
        self._do(
            inquiry,
            hours,
            lambda at: casework.triage(
                self.s,
                who,
                inquiry,
                route=route,
                measure=measure,
                district_slug=district,
                assigned_to=adviser,
                reasoning=reasoning,
                case_code=case_code,
                now=at,
            ),
        )

    def reply(self, inquiry: Inquiry, user: StaffUser, hours: float, text: str) -> None:
        self.read(inquiry, user, hours - 0.1)
        self._do(
            inquiry, hours, lambda at: casework.reply(self.s, user, inquiry, text=text, now=at)
        )

    def visitor_writes(self, inquiry: Inquiry, hours: float, text: str) -> None:
        """portal.conversation.services.receive, as the conversation page does it."""
        conversation = inquiry.conversation
        assert conversation is not None
        received.receive(
            self.s,
            conversation,
            text,
            now=self.later(inquiry, hours),
            profile=profile(),
            screening=screening_list(),
        )

    def feedback(
        self,
        inquiry: Inquiry,
        user: StaffUser,
        hours: float,
        *,
        decision: str,
        views_weighed: str,
        message: str,
    ) -> None:
        self._do(
            inquiry,
            hours,
            lambda at: casework.give_feedback(
                self.s,
                user,
                inquiry,
                decision=decision,
                views_weighed=views_weighed,
                message=message,
                now=at,
            ),
        )

    def receipt(self, inquiry: Inquiry, user: StaffUser, hours: float) -> None:
        self._do(inquiry, hours, lambda at: casework.record_receipt(self.s, user, inquiry, now=at))

    def reporter_feedback(
        self, inquiry: Inquiry, user: StaffUser, hours: float, *, outcome: str, how: str
    ) -> None:
        self._do(
            inquiry,
            hours,
            lambda at: casework.record_reporter_feedback(
                self.s, user, inquiry, outcome=outcome, how=how, now=at
            ),
        )

    def close(self, inquiry: Inquiry, user: StaffUser, hours: float) -> None:
        self._do(inquiry, hours, lambda at: casework.close(self.s, user, inquiry, now=at))

    # -- the cases ---------------------------------------------------------------------

    def add_all(self) -> int:
        self.reports()
        self.asks()
        self.applications()
        self.consultations()
        self.s.flush()
        return self.count

    def reports(self) -> None:
        """Reports of concern (underretninger): every clock in every state."""
        # Not assessed, 30 hours in: the 24-hour assessment is overdue.
        self.report(
            self.ago(hours=30),
            _professional(
                danger="no",
                name="Hanne Krogh",
                workplace="Nordskolen, Eksempelby",
                role="Lærer og klasselærer i 4.b",
                email="hanne.krogh@nordskolen.example.dk",
                phone="12 34 71 02",
                child=_child("Emil", "10 år", "", "Nordskolen, 4.b", "nord"),
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
        self.report(
            self.ago(hours=27),
            _citizen(
                danger="unsure",
                child=_child(
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
        self.report(
            self.ago(hours=20),
            _professional(
                danger="no",
                name="Lise Bach",
                workplace="Sundhedsplejen Syd",
                role="Sundhedsplejerske",
                email="lise.bach@sundhed.example.dk",
                child=_child("Noah", "4 måneder", "Skovbrynet 3, Eksempelby", "", "syd"),
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
        self.report(
            self.ago(hours=22),
            _professional(
                danger="unsure",
                name="Kasper Vind",
                workplace="Børnehuset Mælkebøtten",
                role="Pædagog",
                email="kasper.vind@maelkeboetten.example.dk",
                child=_child("Alma", "4 år", "", "Børnehuset Mælkebøtten", "nord"),
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
        self.report(
            self.ago(hours=3),
            _citizen(
                danger="no",
                name="Inger Poulsen",
                phone="12 34 88 20",
                child=_child("Maja og Oliver", "8 og 12 år", "", "Midtbyens Skole", "midt"),
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
        freja = self.report(
            self.ago(days=4, hours=2),
            _professional(
                danger="no",
                name="Peter Smed",
                workplace="Sydskolen",
                role="Klasselærer i 7.a",
                email="peter.smed@sydskolen.example.dk",
                child=_child("Freja", "13 år", "", "Sydskolen, 7.a", "syd"),
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
        self.assess(
            freja,
            self.reception,
            5,
            acute=False,
            reasoning=(
                "Ikke akut. Freja er ikke i umiddelbar fare, og mor samarbejder. Der er tegn på "
                "mistrivsel og mulig selvskade, som skal afdækkes hurtigt."
            ),
        )
        self.triage(
            freja,
            26,
            route="special_counselling",
            measure="scoping",
            district="syd",
            adviser=self.syd,
            reasoning=(
                "Tværfaglig visitation: afdækning ved børne- og ungerådgiver sammen med "
                "PPR-psykolog. Samtale med Freja inden for en uge; hun vil helst tale på skolen."
            ),
        )
        self.receipt(freja, self.reception, 30)
        # Assessed and triaged, but the receipt to the doctor was never recorded: overdue.
        sofie = self.report(
            self.ago(days=16, hours=3),
            _professional(
                danger="no",
                name="Anders Møller",
                workplace="Lægehuset Nord",
                role="Praktiserende læge",
                email="laegehuset.nord@example.dk",
                child=_child("Sofie", "15 år", "", "Nordskolen, 9.a", "nord"),
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
        self.assess(
            sofie,
            self.reception,
            3,
            acute=False,
            reasoning=(
                "Ikke akut. Sofies helbred er ikke truet nu, men hun mistrives i konflikten "
                "mellem forældrene."
            ),
        )
        self.triage(
            sofie,
            48,
            route="early_support",
            district="nord",
            adviser=self.nord,
            reasoning=(
                "Tidlig forebyggende indsats efter § 30: familiesamtaler i Familiehuset og et "
                "skilsmisseforløb for Sofie. Rådgiveren kontakter begge forældre."
            ),
        )
        # Acute: assessed within two hours; an investigation, no adviser in Midt yet.
        mathias = self.report(
            self.ago(days=9, hours=5),
            _professional(
                danger="yes",
                name="Rikke Brandt",
                workplace="Eksempelby Politi, forebyggelsessektionen",
                role="Politiassistent",
                email="rikke.brandt@politi.example.dk",
                phone="12 34 11 14",
                child=_child("Mathias", "16 år", "Vestergade 40, Eksempelby", "", "midt"),
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
        self.assess(
            mathias,
            self.reception,
            1.5,
            acute=True,
            reasoning=(
                "Akut: Mathias fortæller om trusler og er bange. Døgnvagten talte med far samme "
                "aften; Mathias bor indtil videre hos sin moster."
            ),
        )
        self.triage(
            mathias,
            20,
            route="special_counselling",
            measure="investigation",
            district="midt",
            user=self.leader,
            reasoning=(
                "Børnefaglig undersøgelse efter § 20 i tæt samarbejde med SSP og politiet. "
                "Mathias tilbydes en bisidder. Fordeles til en rådgiver i Midt på mandag."
            ),
        )
        self.receipt(mathias, self.reception, 70)
        # Assessed, waiting for triage; the receipt still runs.
        ali = self.report(
            self.ago(days=5, hours=1),
            _professional(
                danger="no",
                name="Maria Lund",
                workplace="Fritidsklubben Nord",
                role="Klubpædagog",
                email="maria.lund@klub.example.dk",
                child=_child("Ali", "11 år", "", "Fritidsklubben Nord", "nord"),
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
        self.assess(
            ali,
            self.reception,
            6,
            acute=False,
            reasoning=(
                "Ikke akut, men familien skal kontaktes hurtigt for at afklare, hvem der "
                "passer Ali, mens mor er indlagt."
            ),
        )
        # Assessed after the 24 hours (a weekend): the clock shows it was late.
        girl = self.report(
            self.ago(days=2, hours=4),
            _citizen(
                danger="no",
                child=_child("", "ca. 9 år", "Bøgevej 7, Eksempelby", "", "syd"),
                concern=(
                    "En pige på ca. 9 år går alene hjem meget sent og sidder tit på trappen og "
                    "venter, fordi ingen lukker op. Det har været koldt, og i går havde hun "
                    "ingen jakke på."
                ),
                parents_know="no",
                child_knows="no",
            ),
        )
        self.assess(
            girl,
            self.reception,
            30,
            acute=False,
            reasoning=(
                "Ikke akut. Familien er kendt fra åben rådgivning. Vurderet efter fristen, "
                "fordi underretningen kom ind lige før weekenden."
            ),
        )
        self.triage(
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
        william = self.report(
            self.ago(days=32, hours=2),
            _professional(
                danger="unsure",
                name="Camilla Friis",
                workplace="Sydskolen",
                role="Lærer i 2.b",
                email="camilla.friis@sydskolen.example.dk",
                child=_child("William", "8 år", "", "Sydskolen, 2.b", "syd"),
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
        self.assess(
            william,
            self.reception,
            2,
            acute=True,
            reasoning=(
                "Akut: William fortæller om vold fra far. Samtale med William på skolen samme "
                "dag; politiet er orienteret, og der er holdt samråd med Børnehuset."
            ),
        )
        self.triage(
            william,
            22,
            route="special_counselling",
            measure="investigation",
            district="syd",
            adviser=self.syd,
            reasoning=(
                "Børnefaglig undersøgelse efter § 20 med Børnehuset. William tales med på "
                "skolen med sin lærer som tryg voksen."
            ),
        )
        self.receipt(william, self.reception, 50)
        # Everything done, then closed in the portal.
        ida = self.report(
            self.ago(days=18, hours=6),
            _professional(
                danger="no",
                name="Jesper Holt",
                workplace="Nordskolen",
                role="Trivselsvejleder",
                email="jesper.holt@nordskolen.example.dk",
                child=_child("Ida", "12 år", "", "Nordskolen, 6.a", "nord"),
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
        self.assess(
            ida,
            self.reception,
            4,
            acute=False,
            reasoning="Ikke akut. Forældrene samarbejder. Mistrivsel på grund af digital mobning.",
        )
        self.triage(
            ida,
            40,
            route="early_support",
            district="nord",
            adviser=self.nord,
            reasoning=(
                "§ 30: forløb i Familiehuset og et trivselsforløb for klassen med SSP. Ingen "
                "børnefaglig undersøgelse."
            ),
        )
        self.receipt(ida, self.reception, 44)
        self.reporter_feedback(ida, self.nord, 24 * 9, outcome="support", how="secure_mail")
        self.close(ida, self.nord, 24 * 9 + 1)
        # A named citizen; the district was found at triage; no further action.
        lucas = self.report(
            self.ago(days=6, hours=2),
            _citizen(
                danger="no",
                name="Bo Larsen",
                email="bo.larsen@example.dk",
                child=_child("Lucas", "ca. 14 år", "Kirkevej 12, Eksempelby", "", None),
                concern=(
                    "Lucas spiller computer med høj lyd til langt ud på natten, og jeg hører "
                    "forældrene skælde ud. Han ser meget træt ud om morgenen."
                ),
                actions="Jeg har ikke talt med familien.",
                parents_know="no",
                child_knows="no",
            ),
        )
        self.assess(
            lucas,
            self.reception,
            5,
            acute=False,
            reasoning="Ikke akut. Intet tyder på, at Lucas' helbred eller udvikling er truet.",
        )
        self.triage(
            lucas,
            28,
            route="no_action",
            district="midt",
            reasoning=(
                "Ingen yderligere handling. Skolen oplyser, at Lucas trives og møder stabilt. "
                "Underretningen gemmes på sagen."
            ),
        )
        self.close(lucas, self.reception, 29)

    def asks(self) -> None:
        """Children asking for help, in their own words and languages."""
        self.ask(
            self.ago(hours=2),
            _asked(
                topics=["home", "feelings"],
                age_band="10-13",
                message=(
                    "mine forældre skændes hele tiden og nu siger far at han vil flytte. jeg "
                    "kan ikke sove om natten fordi jeg tænker på det. jeg tør ikke sige det til "
                    "dem for så bliver de bare mere kede af det. hvad skal jeg gøre??"
                ),
            ),
        )
        self.ask(
            self.ago(hours=5),
            _asked(
                safe="unsure",
                topics=["hurt"],
                age_band="6-9",
                wants_answer="no",
                message=(
                    "min storebror slår mig når mor er på arbejde. han siger jeg ikke må sige det"
                ),
            ),
        )
        self.ask(
            self.ago(hours=8),
            _asked(
                topics=["friends", "school"],
                age_band="10-13",
                message=(
                    "لا أحد يريد أن يلعب معي في المدرسة لأنني لا أتكلم الدنماركية جيداً. "
                    "أشعر بالوحدة كل يوم. هل يمكنكم مساعدتي؟"
                ),
            ),
            locale="ar",
        )
        nanna = self.ask(
            self.ago(days=1, hours=3),
            _asked(
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
        self.triage(
            nanna,
            3,
            route="early_support",
            district="nord",
            adviser=self.nord,
            reasoning=(
                "Tidlig støtte efter § 30: samtaler med rådgiver og skolens sundhedsplejerske. "
                "Nanna har selv skrevet og ønsker svar."
            ),
        )
        self.reply(
            nanna,
            self.nord,
            5,
            "Hej Nanna. Tak fordi du skrev til os. Jeg hedder Sara, og jeg er børne- og "
            "ungerådgiver. Jeg vil gerne mødes med dig og tale om det, der er svært. Vi kan "
            "mødes på skolen, hvis du vil. Skriv her, hvilken dag der passer dig.",
        )
        self.visitor_writes(nanna, 9, "okay. torsdag efter 6. time? kan min veninde Ditte være med")
        viktoriia = self.ask(
            self.ago(days=2, hours=6),
            _asked(
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
        self.reply(
            viktoriia,
            self.reception,
            4,
            "Дякуємо, що ти написав(-ла) нам. Я прочитав твоє повідомлення. Я напишу тобі "
            "тут ще раз незабаром. Напиши, будь ласка, в якій школі ти навчаєшся, щоб тобі "
            "допомогла людина з твого району.",
        )
        self.visitor_writes(viktoriia, 20, "Я ходжу в Sydskolen, 9 клас.")
        self.triage(
            viktoriia,
            26,
            route="early_support",
            district="syd",
            adviser=self.syd,
            reasoning=(
                "Skriver på ukrainsk. Tidlig støtte efter § 30: samtaler med tolk, og mor "
                "tilbydes kontakt til Familiehuset. Distrikt Syd ud fra skolen."
            ),
        )
        english = self.ask(
            self.ago(days=3, hours=1),
            _asked(
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
        self.reply(
            english,
            self.reception,
            1,
            "Thank you for writing to us. You did the right thing. It is not your fault. "
            "Do not send more pictures, and do not delete the messages. I would like to talk "
            "with you today, on the phone or at your school, and you can bring an adult you "
            "trust. Write here when suits you. If you feel unsafe now, call 112.",
        )
        self.assess_as(
            english,
            self.reception,
            1.5,
            outcome="report_of_concern",
            reasoning=(
                "Digital afpresning med billeder af en ung. Underretning; politiet kontaktes "
                "sammen med den unge, som får tilbudt en samtale i dag."
            ),
        )
        self.ask(
            self.ago(days=4, hours=7),
            _asked(
                topics=["friends", "online"],
                age_band="unsaid",
                wants_answer="no",
                message=(
                    "Der er nogen i min klasse der har lavet en gruppe uden mig og skriver "
                    "grimme ting om mig. Jeg ville bare sige det til nogen."
                ),
            ),
        )
        jonas = self.ask(
            self.ago(days=10, hours=4),
            _asked(
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
        self.reply(
            jonas,
            self.reception,
            0.5,
            "Hej Jonas. Tak fordi du skrev. Det er rigtig godt, at du har fortalt det. Vi "
            "ringer til dig i dag inden kl. 15. Hvis du føler dig utryg nu, så ring 112.",
        )
        self.assess_as(
            jonas,
            self.reception,
            1,
            outcome="report_of_concern",
            reasoning=(
                "Vold fra stedfar, mærke på ryggen. Underretning: børnefaglig undersøgelse "
                "skal overvejes, og Jonas tales med i dag uden forældrene. Ikke akut: Jonas "
                "sover hos sin far."
            ),
        )
        self.triage(
            jonas,
            3,
            route="special_counselling",
            measure="scoping",
            district="midt",
            adviser=self.leader,
            reasoning=(
                "Talt med Jonas samme dag på skolen sammen med hans lærer. Afdækning af "
                "forholdene i hjemmet; lillebror inddrages. Jonas bor midlertidigt hos sin far."
            ),
        )
        self.feedback(
            jonas,
            self.leader,
            24 * 7,
            decision=(
                "Jonas bor hos sin far, indtil afdækningen er færdig. Familien tilbydes "
                "familiebehandling, og lillebror har fået en samtale."
            ),
            views_weighed=(
                "Jonas sagde klart, at han ikke vil bo hos sin stedfar nu. Det vægtede tungt "
                "sammen med mærket og lillebrors fortælling."
            ),
            message=(
                "Hej Jonas. Tak fordi du fortalte os, hvad du mener. Vi har besluttet, at du bor "
                "hos din far, mens vi finder ud af, hvad der skal ske. Det, du sagde, betød "
                "meget: du vil ikke bo hjemme lige nu, og det har vi lyttet til. Hvis du er "
                "uenig, eller hvis noget ændrer sig, kan du skrive til mig her eller ringe til os."
            ),
        )

    def applications(self) -> None:
        """Parents, and young people from 15, applying for support."""
        now = self.now
        self.apply(
            self.ago(hours=4),
            _applied(
                applicant="parent",
                support="unsure",
                child_name="Viggo Sørensen",
                child_birth_date=_dmy(now, 3, 11, 2),
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
        self.apply(
            self.ago(days=1, hours=1),
            _applied(
                applicant="parent",
                support="advice",
                child_name="Karla Nielsen",
                child_birth_date=_dmy(now, 8, 3, 5),
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
        self.apply(
            self.ago(days=3, hours=2),
            _applied(
                applicant="young",
                support="measures",
                child_name="Yasmin El-Sayed",
                child_birth_date=_dmy(now, 17, 22, 8),
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
        malthe = self.apply(
            self.ago(days=6, hours=3),
            _applied(
                applicant="parent",
                support="early",
                child_name="Malthe Andersen",
                child_birth_date=_dmy(now, 11, 19, 11),
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
        self.triage(
            malthe,
            30,
            route="early_support",
            district="syd",
            adviser=self.syd,
            reasoning=(
                "§ 30: forældrekursus og tre familiesamtaler i Familiehuset Syd. Malthe "
                "tilbydes en samtale alene med rådgiveren."
            ),
        )
        self.reply(
            malthe,
            self.syd,
            50,
            "Kære Thomas. Tak for jeres ansøgning. Vi tilbyder jer et forældrekursus, der "
            "starter om tre uger, og samtaler i Familiehuset Syd. Jeg vil også gerne tale med "
            "Malthe selv. Ring til mig, så finder vi en tid. Venlig hilsen Mikkel Thomsen, "
            "børne- og ungerådgiver",
        )
        elias = self.apply(
            self.ago(days=9, hours=2),
            _applied(
                applicant="parent",
                support="early",
                child_name="Elias Hansen",
                child_birth_date=_dmy(now, 6, 14, 6),
                district="syd",
                reason=(
                    "Elias er lige startet i 0. klasse og har svært ved at være i SFO. Han slår "
                    "de andre børn, når han bliver frustreret. Vi vil gerne have sparring."
                ),
                child_view=(
                    "Elias siger, at der er for meget larm i SFO, og at han gerne vil hentes "
                    "tidligere."
                ),
                child_knows="partly",
                name="Julie Hansen",
                phone="12 34 23 45",
            ),
        )
        self.triage(
            elias,
            46,
            route="preventive",
            district="syd",
            reasoning=(
                "Forebyggende tilbud uden for Barnets lov: skolens trivselsteam og SFO'en laver "
                "en plan for Elias. Familien tilbydes åben rådgivning i Familiehuset."
            ),
        )
        laura = self.apply(
            self.ago(days=13, hours=5),
            _applied(
                applicant="parent",
                support="measures",
                child_name="Laura Christensen",
                child_birth_date=_dmy(now, 14, 30, 1),
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
        self.triage(
            laura,
            44,
            route="special_counselling",
            measure="scoping",
            district="nord",
            adviser=self.nord,
            reasoning=(
                "Afdækning af behovet for en kontaktperson efter § 32, sammen med skolen og "
                "psykiatrien. Laura høres på et møde, hvor hun vælger, hvem der er med."
            ),
        )
        self.reply(
            laura,
            self.nord,
            70,
            "Kære Morten. Vi har behandlet ansøgningen på den tværfaglige visitation. Jeg "
            "afdækker nu sagen og ringer til jer i denne uge for at aftale et møde, hvor Laura "
            "også er med. Venlig hilsen Sara Lindberg, børne- og ungerådgiver",
        )
        self.close(laura, self.nord, 74)
        oscar = self.apply(
            self.ago(days=20, hours=1),
            _applied(
                applicant="young",
                support="advice",
                child_name="Oscar Berg",
                child_birth_date=_dmy(now, 15, 9, 3),
                district="nord",
                reason=(
                    "Jeg er 15 og har svært ved at være hjemme, fordi min mor og hendes kæreste "
                    "skændes hele tiden. Jeg vil gerne tale med en, der ikke er fra skolen."
                ),
                name="Oscar Berg",
                phone="12 34 31 70",
            ),
        )
        self.triage(
            oscar,
            22,
            route="early_support",
            district="nord",
            adviser=self.nord,
            reasoning=(
                "Åben rådgivning for unge (§ 28) og et samtaleforløb på fem gange i Ungeindsatsen."
            ),
        )
        self.reply(
            oscar,
            self.nord,
            26,
            "Hej Oscar. Tak for din ansøgning. Du er velkommen til samtaler hos os. Første "
            "gang er torsdag kl. 15 i Ungeindsatsen på Torvet 4. Skriv her, hvis tiden ikke "
            "passer. Hilsen Sara",
        )
        self.close(oscar, self.nord, 27)

    def consultations(self) -> None:
        """Children having their say (Lundy), two of them from one child over time."""
        self.say(
            self.ago(hours=3),
            _said(
                age_band="14-17",
                hard="Alt for meget derhjemme",
                hear_back=["here"],
            ),
        )
        self.say(
            self.ago(days=1, hours=2),
            _said(
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
        self.say(
            self.ago(days=5, hours=5),
            _said(
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
        noa = self.say(
            self.ago(days=16, hours=2),
            _said(
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
        self.triage(
            noa,
            20,
            route="special_counselling",
            measure="investigation",
            district="nord",
            adviser=self.nord,
            reasoning="Barnets egne synspunkter til den igangværende børnefaglige undersøgelse.",
        )
        self.reply(
            noa,
            self.nord,
            28,
            "Tak for det, du skrev. Jeg har læst det hele, og jeg tager det med, når vi "
            "beslutter, hvor du skal gå i skole. Jeg skriver til dig her igen.",
        )
        # Feedback due in two days.
        teen = self.say(
            self.ago(days=12, hours=1),
            _said(
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
        self.triage(
            teen,
            6,
            route="special_counselling",
            measure="parallel_support",
            district="syd",
            adviser=self.syd,
            reasoning=(
                "Den unges ønsker til støtteopholdet; drøftes ved opfølgningen på ungeplanen."
            ),
        )
        # Given late, and the young person was told so.
        mechanic = self.say(
            self.ago(days=18, hours=3),
            _said(
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
        self.triage(
            mechanic,
            24,
            route="special_counselling",
            measure="parallel_support",
            district="syd",
            adviser=self.syd,
            reasoning="Input til revision af ungeplanen.",
        )
        self.feedback(
            mechanic,
            self.syd,
            24 * 16,
            decision=(
                "Ungeplanen skrives om på et møde på værkstedet, hvor han selv er med sammen "
                "med sin kontaktperson. Praktikken fortsætter."
            ),
            views_weighed=(
                "Han ville være med til at skrive planen og mødes et trygt sted; begge dele "
                "blev fulgt."
            ),
            message=(
                "Hej. Tak for det, du skrev. Vi har besluttet, at vi skriver din ungeplan "
                "sammen, på et møde på værkstedet, og at Rasmus er med. Det var dit ønske, og "
                "derfor gør vi det sådan. Undskyld, at du ventede længere end lovet på svar. "
                "Hvis du er uenig, så skriv her eller ring til mig. Hilsen Mikkel"
            ),
        )
        # One child, one case, twice: participation over time.
        liva_first = self.say(
            self.ago(days=17, hours=4),
            _said(
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
        self.triage(
            liva_first,
            4,
            route="special_counselling",
            measure="parallel_support",
            district="nord",
            adviser=self.nord,
            case_code=SHARED_CASE_CODE,
            reasoning="Barnets synspunkter om samværet; rådgiver Sara Lindberg har sagen.",
        )
        self.reply(
            liva_first,
            self.nord,
            24,
            "Hej Liva. Tak for det, du skrev. Jeg har læst det hele. Vil du mødes med mig på "
            "skolen på tirsdag? Din mor må gerne være med, hvis du vil.",
        )
        self.visitor_writes(liva_first, 30, "ja det vil jeg gerne. mor skal være med")
        self.feedback(
            liva_first,
            self.nord,
            24 * 9,
            decision=(
                "Liva er hos sin far om dagen hver anden lørdag, men overnatter ikke, indtil "
                "far har gennemført et alkoholbehandlingsforløb. Aftalt med begge forældre."
            ),
            views_weighed=(
                "Livas ønske om ikke at sove hos far blev fulgt. Hun ønskede, at far først hørte "
                "det på mødet, og det blev respekteret."
            ),
            message=(
                "Hej Liva. Tak fordi du fortalte os, hvad du tænker. Vi har besluttet, at du er "
                "hos din far om dagen, men ikke sover der lige nu. Det var det, du ønskede, og "
                "det betød meget for beslutningen. Hvis du er uenig, eller hvis noget ændrer "
                "sig, kan du skrive til mig her eller ringe til os. Hilsen Sara"
            ),
        )
        liva_again = self.say(
            self.ago(days=2, hours=5),
            _said(
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
        self.triage(
            liva_again,
            5,
            route="special_counselling",
            measure="parallel_support",
            district="nord",
            adviser=self.nord,
            case_code=SHARED_CASE_CODE,
            reasoning="Opfølgning på samværet; Liva har selv skrevet igen.",
        )


# -- answers, with the journeys' field names and choice values -------------------------


def _asked(
    *,
    topics: list[str],
    age_band: str,
    message: str,
    safe: str = "yes",
    wants_answer: str = "yes",
    name: str = "",
    school: str = "",
    phone: str = "",
) -> Answers:
    """portal/ask/forms.py."""
    answers: Answers = {
        "safe": safe,
        "topics": topics,
        "message": message,
        "wants_answer": wants_answer,
        "age_band": age_band,
        "identity": "named" if name else "anonymous",
    }
    if name:
        answers.update(name=name, school=school, phone=phone)
    return answers


def _applied(
    *,
    applicant: str,
    support: str,
    child_name: str,
    child_birth_date: str,
    district: str,
    reason: str,
    name: str,
    phone: str = "",
    email: str = "",
    child_view: str = "",
    child_knows: str = "yes",
) -> Answers:
    """portal/apply/forms.py (no CPR step: the demo has no 'disability' application)."""
    answers: Answers = {
        "applicant": applicant,
        "support": support,
        "child_name": child_name,
        "child_birth_date": child_birth_date,
        "district": district,
        "reason": reason,
        "name": name,
        "phone": phone,
        "email": email,
        "consent": True,
    }
    if applicant == "parent":
        answers.update(child_view=child_view, child_knows=child_knows)
    return answers


def _child(name: str, age: str, address: str, school: str, district: str | None) -> Answers:
    """The report's ChildForm; ``None`` is "I do not know" the district."""
    return {
        "child_name": name,
        "child_age": age,
        "child_address": address,
        "child_school": school,
        "district": district or "unknown",
    }


def _concern(
    child: Answers,
    *,
    danger: str,
    concern: str,
    child_words: str,
    actions: str,
    parents_know: str,
    child_knows: str,
) -> Answers:
    return {
        "danger": danger,
        **child,
        "concern": concern,
        "child_words": child_words,
        "actions": actions,
        "parents_know": parents_know,
        "child_knows": child_knows,
    }


def _professional(
    *,
    danger: str,
    name: str,
    workplace: str,
    role: str,
    email: str,
    child: Answers,
    concern: str,
    parents_know: str,
    child_knows: str,
    phone: str = "",
    child_words: str = "",
    actions: str = "",
) -> Answers:
    """portal/report/forms.py, a professional reporter."""
    return {
        "reporter": "professional",
        "name": name,
        "workplace": workplace,
        "role": role,
        "email": email,
        "phone": phone,
        **_concern(
            child,
            danger=danger,
            concern=concern,
            child_words=child_words,
            actions=actions,
            parents_know=parents_know,
            child_knows=child_knows,
        ),
    }


def _citizen(
    *,
    danger: str,
    child: Answers,
    concern: str,
    parents_know: str,
    child_knows: str,
    name: str = "",
    phone: str = "",
    email: str = "",
    child_words: str = "",
    actions: str = "",
) -> Answers:
    """portal/report/forms.py, a private person, anonymous unless a name is given."""
    answers: Answers = {"reporter": "citizen", "identity": "named" if name else "anonymous"}
    if name:
        answers.update(name=name, phone=phone, email=email)
    answers.update(
        _concern(
            child,
            danger=danger,
            concern=concern,
            child_words=child_words,
            actions=actions,
            parents_know=parents_know,
            child_knows=child_knows,
        )
    )
    return answers


def _said(
    *,
    age_band: str,
    how: list[str] | None = None,
    with_whom: str = "",
    feel_safe: str = "",
    feelings: dict[str, str | None] | None = None,
    good: str = "",
    hard: str = "",
    wish: str = "",
    to_a_person: bool = False,
    adviser: str = "",
    parents_may_see: str | None = None,
    hear_back: list[str] | None = None,
) -> Answers:
    """portal/say/forms.py; skipped questions as the forms store them ("", None, [])."""
    answers: Answers = {
        "age_band": age_band,
        "how": how or [],
        "with_whom": with_whom,
        "feel_safe": feel_safe,
        "good": good,
        "hard": hard,
        "wish": wish,
        "to_a_person": ["yes"] if to_a_person else [],
        "adviser": adviser,
        "parents_may_see": parents_may_see,
        "hear_back": hear_back or [],
    }
    if age_band == "6-9":  # the feeling scales are asked of the youngest only
        scales = feelings or {}
        answers.update({k: scales.get(k) for k in ("home", "school", "friends", "free_time")})
    return answers
