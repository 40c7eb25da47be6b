"""Email to professionals and parents: receipts and the § 138 feedback."""
