"""Information for all parties: newsletter, meetings, contacts, guidance, DRC look-ups."""
