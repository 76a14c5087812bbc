"""News ingestion: articles in, dated and sourced claims out, with a human review queue."""
