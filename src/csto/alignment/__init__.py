"""Where each member stands: participation counts and an alignment index over time (issue 16).

``method`` is the statistical model (a robust random-walk smoother over dated, weighted evidence),
``participation`` counts what members did at sessions, exercises and decisions, and ``record``
joins them with the position claims read from the store. The method is written up in
``docs/alignment.md``. Layer: above the rules and the store, below the simulator, which takes its
stance priors from ``record.record_prior``.
"""
