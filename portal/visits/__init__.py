"""A visitor's state on the server: the cookie holds an opaque random token, nothing more.

What a visit keeps (the form token, which drafts are its own, a receipt until it has been
shown, which conversation session is its own, a reply typed while the conversation was
closed) is one sealed row in ``visitor_session`` that expires after SESSION_LIFETIME_SECONDS without
activity. Quick exit deletes it at once.
"""
