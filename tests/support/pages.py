"""The public pages of the portal, for tests that go through all of them."""

PUBLIC_PAGES = (
    "/",
    "/for/child",
    "/for/parent",
    "/for/professional",
    "/for/worried",
    "/help-now",
    "/staying-safe-online",
    "/rights",
    "/ask-for-help",
    "/apply-for-support",
    "/report-a-concern",
    "/have-your-say",
    "/conversation",
    "/no-such-page",
    "/language/xx",
)
CHILD_PAGES = ("/", "/for/child", "/help-now", "/staying-safe-online", "/ask-for-help")
