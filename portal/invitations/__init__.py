"""The adviser asks the child: one-time invitation codes for one case, and the child's answers."""
