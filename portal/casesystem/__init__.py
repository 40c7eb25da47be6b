"""What the case system (DUBU or another) receives: structured, versioned records."""
