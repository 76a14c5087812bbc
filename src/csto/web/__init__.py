"""The web dashboard: server-rendered pages over the same data functions as the API."""
