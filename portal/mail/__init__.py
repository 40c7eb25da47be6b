"""Email to professionals and parents: receipts and the § 137 feedback."""
