"""Documents of a case: the official forms as PDF and the uploaded attachments."""
