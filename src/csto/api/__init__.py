"""The REST API (FastAPI) over the knowledge base, rules, simulator and review queue."""

from csto.api.app import create_api
from csto.store.tokens import TokenStore

__all__ = ["TokenStore", "create_api"]
