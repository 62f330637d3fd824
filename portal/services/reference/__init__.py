"""Reference data kept by the agency: rates, exchange rates and flight routes."""
