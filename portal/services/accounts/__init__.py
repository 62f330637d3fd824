"""Accounts and audit: who may see what, who did what, and how long it is kept."""
