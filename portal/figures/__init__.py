"""Management information for leaders: counts per week, deadlines, replies and participation."""
