"""Phone-size screenshots (360x740) of key pages in Danish and Arabic, into build/screenshots/."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from portal.app import create_app

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "screenshots"
PAGES = {
    "front-door": "/",
    "child": "/for/child",
    "help-now": "/help-now",
    "rights": "/rights",
    "rights-6-9": "/rights/6-9/be-heard",
    "rights-10-13": "/rights/10-13/ask-for-help",
    "rights-14-17": "/rights/14-17/your-plan",
    "rights-parents": "/rights/parents/your-childs-rights",
    "rights-words": "/rights/words",
}
LOCALES = ("da", "ar")


def main() -> None:
    """Serve the portal on a free port and photograph it."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"INSTANCE_PATH": Path(tmp), "DATABASE_URL": f"sqlite:///{tmp}/s.db"})
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for locale in LOCALES:
                context = browser.new_context(
                    viewport={"width": 360, "height": 740}, device_scale_factor=1
                )
                context.add_cookies([{"name": "indgang_lang", "value": locale, "url": base}])
                page = context.new_page()
                for name, path in PAGES.items():
                    page.goto(base + path)
                    target = OUT / f"{name}-{locale}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target.relative_to(ROOT))
                context.close()
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
