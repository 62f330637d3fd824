"""Processing: the agency's queue, its actions on a request, and what follows them."""
