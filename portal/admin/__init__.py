"""Administrators: users, roles and municipalities."""
