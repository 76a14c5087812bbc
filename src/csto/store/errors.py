"""The store's own error, shared by its modules."""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be reached, opened, built or used at its schema revision."""
