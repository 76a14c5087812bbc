"""The web dashboard: server-rendered pages over the same data functions as the API."""

from csto.web.app import app_from_environment, create_app

__all__ = ["app_from_environment", "create_app"]
