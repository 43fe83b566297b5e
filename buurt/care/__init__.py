"""Care requests as a schedule: tasks, neighbours who take them, and the gaps."""
