"""Inquiries: what children, families and professionals send, and how it is read back."""
