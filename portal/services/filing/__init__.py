"""Filing: what a municipality types in, checks and submits, and the forms it prints."""
