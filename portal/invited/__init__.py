"""The child's view, asked for: a child answers their adviser's invitation (portal/invitations)."""
