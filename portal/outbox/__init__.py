"""Reliable delivery: events queued in the transaction that caused them, sent by a worker."""
