"""csto: an executable, evidence-backed model of the Collective Security Treaty Organization."""

__version__ = "0.1.0"
