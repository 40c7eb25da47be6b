"""Web push to children and families: "you have a new message", and nothing more."""
