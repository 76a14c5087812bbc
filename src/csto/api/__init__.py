"""The REST API (FastAPI) over the knowledge base, rules, simulator and review queue."""
