"""DRC advisers: read-only status of cases."""
