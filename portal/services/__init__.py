"""Use-cases: typed input in, rules and permissions checked, database changed."""
