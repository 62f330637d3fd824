"""The agency's newsletter, contacts, routes, meetings and guidance."""
