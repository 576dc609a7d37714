"""Scenarios: states of the world to score, weighting profiles, depth tiers and the assessment
file that bundles them with indicators and evidence."""
