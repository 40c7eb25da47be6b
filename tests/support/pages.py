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
    "/rights/topic/who-reads-what-you-write",  # before a band is chosen on this visit
    "/rights/6-9",
    "/rights/6-9/ask-for-help",
    "/rights/10-13/if-you-disagree",
    "/rights/14-17/your-plan",
    "/rights/words",
    "/ask-for-help",
    "/apply-for-support",
    "/anonymous-advice",
    "/report-a-concern",
    "/have-your-say",
    "/invitation",
    "/conversation",
    "/no-such-page",
    "/language/xx",
)
CHILD_PAGES = (
    "/",
    "/for/child",
    "/help-now",
    "/staying-safe-online",
    "/ask-for-help",
    "/have-your-say",
    "/invitation",
    "/conversation",
    "/rights",
    "/rights/6-9",
    "/rights/6-9/ask-for-help",
    "/rights/10-13/be-heard",
    "/rights/words",
)
# Pages for grown-ups: Danish and English only; other locales see Danish with a notice.
ADULT_PAGES = ("/rights/parents", "/rights/professionals/duty-to-report")
