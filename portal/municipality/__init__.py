"""Municipal caseworkers: household cases and their requests."""
