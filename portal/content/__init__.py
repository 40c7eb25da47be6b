"""Content: sanitizing and readability."""
