"""The crisis-response simulator: Monte Carlo over member stances, decisions, forces and transit."""
