"""Agency staff: the work queue, processing and reference data."""
