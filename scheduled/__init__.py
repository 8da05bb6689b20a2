"""Jobs computed from the plan (weekly reports, reminders, deliveries): they reach people through the `Sender`
port (handlers/ports.py) and build reports with aggregation/. The scheduler itself is the next piece of work."""
