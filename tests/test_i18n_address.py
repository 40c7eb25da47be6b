"""Ukrainian address (issue 19): children are spoken to as "ти", grown-ups as "ви".

Every page is rendered in Ukrainian through the test client and its visible text is read:
- child pages (the child list, every rights page of every band, the ask and have-your-say
  journeys to their receipts) carry no formal address;
- grown-up pages (the parent, professional and worried choice pages, the adult rights pages,
  the application and report journeys to their receipts) carry no informal address;
- what every reader sees (the front door, help now, staying safe, the secret-words
  conversation, which parents use too) addresses nobody in its main part.
A plural "ви" ("ви з радником") reads as formal to a child too, so it counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from portal.i18n import COOKIE
from tests.advice.test_journey import STEPS as ADVICE_STEPS
from tests.apply.test_journey import PARENT
from tests.ask.test_journey import STEPS as ASK_STEPS
from tests.report.test_journey import PROFESSIONAL
from tests.say.test_journey import YOUNG
from tests.support import forms
from tests.support.forms import Steps, submit
from tests.support.pagecheck import visible_text
from tests.support.pages import ADULT_PAGES, CHILD_PAGES

CONTENT = Path(__file__).resolve().parents[1] / "content" / "uk" / "children"


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Pronouns and the commonest imperatives of each form of address (imperatives only as
# whole words from this list: "-іть" alone would also catch "навіть").
FORMAL = words(
    """ви вас вам вами ваш ваша ваше ваші вашого вашої вашому вашим вашій ваших вашу вашими
    напишіть виберіть оберіть натисніть перевірте зателефонуйте телефонуйте поверніться
    спробуйте перейдіть введіть надішліть скористайтеся розкажіть запишіть"""
)
INFORMAL = words(
    """ти тебе тобі тобою твій твоя твоє твої твого твоєї твоєму твоїм твоїй твоїх твою твоїми
    можеш хочеш знаєш маєш мусиш напиши вибери обери натисни перевір зателефонуй телефонуй
    повернися спробуй перейди введи надішли скористайся розкажи запиши попроси дізнайся
    знай отримай читай пиши зачекай відкрий"""
)
WORD = re.compile("[\\w'\u02bc\u2019]+")  # with the Ukrainian apostrophes

# Pages for everyone: their main part speaks to nobody in particular.
EVERYONE_PAGES = ("/", "/help-now", "/staying-safe-online", "/conversation")
GROWN_UP_PAGES = ("/for/parent", "/for/professional", "/for/worried", *ADULT_PAGES)


def rights_pages(band: str) -> list[str]:
    """Every Ukrainian rights page of an age band."""
    slugs = sorted(p.stem for p in (CONTENT / band).glob("*.md") if p.stem != "index")
    return [f"/rights/{band}", *(f"/rights/{band}/{slug}" for slug in slugs)]


CHILD_RIGHTS_PAGES = [*rights_pages("6-9"), *rights_pages("10-13"), *rights_pages("14-17")]


def offending(text: str, markers: frozenset[str]) -> list[str]:
    """The lines of ``text`` that hold one of ``markers``, with the words marked."""
    found = []
    for line in text.splitlines():
        hits = sorted({w for w in WORD.findall(line.lower()) if w in markers})
        if hits:
            found.append(f"{hits}: {line}")
    return found


def read(client: FlaskClient, path: str, *, only_main: bool = False) -> str:
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    return visible_text(response.get_data(as_text=True), only_main=only_main)


def journey_texts(client: FlaskClient, journey: str, steps: Steps) -> Iterator[tuple[str, str]]:
    """Every page of a journey as its reader meets it: the start, each step (also with the
    errors of an empty answer), check answers, the receipt, and the conversation it opens."""
    yield journey, read(client, journey)
    for slug, data in steps:
        url = f"{journey}/{slug}"
        yield url, read(client, url)
        empty = submit(client, url, {})
        if empty.status_code == 200:
            yield f"{url} (empty)", visible_text(empty.get_data(as_text=True))
        forms.walk(client, journey, [(slug, data)])
    yield f"{journey}/check-answers", read(client, f"{journey}/check-answers")
    sent = forms.send(client, journey)
    yield f"{journey}/sent", visible_text(sent)
    words = re.search(r'class="passphrase"[^>]*>([^<]+)<', sent)
    if words:
        opened = submit(client, "/conversation", {"passphrase": words.group(1)})
        assert opened.status_code in {302, 303}, opened.status_code
        yield "/conversation (open)", read(client, opened.headers["Location"])


@pytest.fixture
def uk(client: FlaskClient) -> FlaskClient:
    client.set_cookie(COOKIE, "uk")
    return client


@pytest.mark.parametrize("path", sorted({*CHILD_PAGES, *CHILD_RIGHTS_PAGES}))
def test_child_pages_do_not_address_the_child_formally(uk: FlaskClient, path: str) -> None:
    found = offending(read(uk, path), FORMAL)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", GROWN_UP_PAGES)
def test_grown_up_pages_do_not_address_the_reader_informally(uk: FlaskClient, path: str) -> None:
    found = offending(read(uk, path), INFORMAL)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", EVERYONE_PAGES)
def test_pages_for_everyone_address_nobody(uk: FlaskClient, path: str) -> None:
    text = read(uk, path, only_main=True)
    found = offending(text, FORMAL | INFORMAL)
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("journey", "steps"), [("/ask-for-help", ASK_STEPS), ("/have-your-say", YOUNG)]
)
def test_child_journeys_do_not_address_the_child_formally(
    uk: FlaskClient, journey: str, steps: Steps
) -> None:
    found = [
        f"{url}: {line}"
        for url, text in journey_texts(uk, journey, steps)
        for line in offending(text, FORMAL)
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("journey", "steps"),
    [
        ("/apply-for-support", PARENT),
        ("/anonymous-advice", ADVICE_STEPS),
        ("/report-a-concern", PROFESSIONAL),
    ],
)
def test_grown_up_journeys_do_not_address_the_reader_informally(
    uk: FlaskClient, journey: str, steps: Steps
) -> None:
    found = [
        f"{url}: {line}"
        for url, text in journey_texts(uk, journey, steps)
        for line in offending(text, INFORMAL)
    ]
    assert not found, "\n".join(found)
