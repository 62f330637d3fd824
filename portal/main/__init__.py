"""Pages for everyone: the front door, health check, errors and template helpers."""
