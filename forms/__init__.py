"""WTForms classes, one module per official form or area; no database access here."""
