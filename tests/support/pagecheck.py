"""The page check applied to every HTML page a test renders.

Structure (one <h1>, <title> starts with it, unique ids, lang and dir) is checked
here; validity by the Nu Html Checker (vnu-jar), run once per test session as a
local HTTP service.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po

from tests.support.http import free_port

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LOCALES = {"da": "ltr", "en": "ltr", "ar": "rtl", "uk": "ltr"}


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.h1: list[str] = []
        self.title = ""
        self.ids: list[str] = []
        self.html_attrs: dict[str, str | None] = {}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.html_attrs = attributes
        if "id" in attributes and attributes["id"] is not None:
            self.ids.append(attributes["id"])
        if tag in {"h1", "title"}:
            self._in = tag
            if tag == "h1":
                self.h1.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "h1":
            self.h1[-1] += data
        elif self._in == "title":
            self.title += data


def _squash(text: str) -> str:
    return " ".join(text.split())


@cache
def _error_prefixes() -> tuple[str, ...]:
    """'Error:' in every catalogue: a form page with errors starts its title with it."""
    prefixes = ["Error:"]
    for po in Path(__file__).resolve().parents[2].glob("translations/*/LC_MESSAGES/messages.po"):
        with po.open("rb") as fh:
            message = read_po(fh).get("Error:")
        if message is not None and message.string:
            prefixes.append(str(message.string))
    return tuple(prefixes)


def _title_starts_with(title: str, h1: str) -> bool:
    title, h1 = _squash(title), _squash(h1)
    return title.startswith(h1) or any(
        title.startswith(_squash(f"{prefix} {h1}")) for prefix in _error_prefixes()
    )


def structure_problems(html: str) -> list[str]:
    """What is wrong with a page's outline; empty when it is fine."""
    outline = _Outline()
    outline.feed(html)
    problems = []
    if len(outline.h1) != 1:
        problems.append(f"expected exactly one <h1>, found {len(outline.h1)}")
    elif not _title_starts_with(outline.title, outline.h1[0]) or not outline.h1[0].strip():
        problems.append(f"<title> {outline.title!r} does not start with the <h1> {outline.h1[0]!r}")
    # A browser shows <title> as plain text: a tag in it would be shown as "<span ...>".
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    if title and "<" in title.group(1):
        problems.append(f"<title> holds markup: {title.group(1)!r}")
    duplicates = sorted({i for i in outline.ids if outline.ids.count(i) > 1})
    if duplicates:
        problems.append(f"duplicate ids: {duplicates}")
    lang = outline.html_attrs.get("lang")
    if lang not in LOCALES:
        problems.append(f"<html lang> is {lang!r}, not one of {sorted(LOCALES)}")
    elif outline.html_attrs.get("dir") != LOCALES[lang]:
        problems.append(f"<html dir> is {outline.html_attrs.get('dir')!r} for lang {lang!r}")
    return problems


class _OwnText(HTMLParser):
    """The text the portal itself writes on a page: not what people wrote (shown in an
    element with dir="auto", or in a form field), nor scripts."""

    SKIP = frozenset({"script", "style", "textarea"})
    VOID = frozenset(
        {
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "track",
            "wbr",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            pass  # no end tag, no text
        elif self.skipping and tag == self.skipping[0]:
            self.skipping.append(tag)  # the same element nested: count it, to end right
        elif not self.skipping and (tag in self.SKIP or dict(attrs).get("dir") == "auto"):
            self.skipping.append(tag)
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


EMPTY_BRACKETS = re.compile(r"\(\s*\)")


def empty_brackets(html: str) -> list[str]:
    """Empty brackets in the page's own text (such as "Birgitte Holm ()" for a name whose
    districts are missing), each with the text around it; empty when there are none."""
    parser = _OwnText()
    parser.feed(html)
    text = " ".join("".join(parser.parts).split())
    return [text[max(0, m.start() - 40) : m.end()] for m in EMPTY_BRACKETS.finditer(text)]


class Validator:
    """The Nu Html Checker, as a local HTTP service: started here, or one already running
    (the one process a parallel run shares between its workers, see tests/conftest.py)."""

    START_TIMEOUT = 300  # seconds; a busy 2-core machine can take minutes to start a JVM

    def __init__(self, port: int | None = None) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self._ready = False
        if port is None:
            self.port = free_port()
            self.process = start_process(self.port)
        else:
            self.port = port

    def _wait(self) -> None:
        deadline = time.monotonic() + self.START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError("the Nu Html Checker stopped while starting")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    self._ready = True
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"the Nu Html Checker did not start within {self.START_TIMEOUT} s")

    def errors(self, html: str) -> list[str]:
        """The checker's error messages for a document."""
        if not self._ready:
            self._wait()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/?out=json",
            data=html.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            report = json.load(response)
        return [
            f"line {m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()}]"
            for m in report["messages"]
            if m["type"] in {"error", "non-document-error"}
        ]

    def close(self) -> None:
        if self.process is not None:
            stop_process(self.process)


def start_process(port: int) -> subprocess.Popen[bytes]:
    """Start the Nu Html Checker on ``port`` (it answers some seconds later)."""
    if not VNU_JAR.exists():
        raise RuntimeError(f"{VNU_JAR} is missing: run 'make test-tools' (npm ci).")
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("java is missing: run 'make test-tools'.")
    return subprocess.Popen(
        [
            java,
            "-Xss2m",
            "-Dnu.validator.servlet.bind-address=127.0.0.1",
            "-cp",
            str(VNU_JAR),
            "nu.validator.servlet.Main",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop_process(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


class _Text(HTMLParser):
    def __init__(self, only_main: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.only_main = only_main
        self.depth_main = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.depth_main += 1
        if tag in {"script", "style", "title"}:
            self.skip += 1
        if tag in {"p", "li", "h1", "h2", "h3", "td", "th", "caption", "a", "br", "div"}:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.depth_main -= 1
        if tag in {"script", "style", "title"}:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip and (self.depth_main > 0 or not self.only_main):
            self.parts.append(data)


def visible_text(html: str, *, only_main: bool = False) -> str:
    """The text a reader sees (optionally only inside <main>), one block a line."""
    parser = _Text(only_main)
    parser.feed(html)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)
