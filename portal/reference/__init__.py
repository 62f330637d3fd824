"""Reference data kept by the agency: routes, rates and exchange rates."""
