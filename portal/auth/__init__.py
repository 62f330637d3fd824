"""Logging in and out, server-side sessions, passwords and role checks."""
