"""Indicators: what can be observed about a partnership, and the evidence that observes it.

This is the bottom layer. It also holds the two things every layer shares: the error
hierarchy (`indicators.errors`) and the safe file reader (`indicators.files`).
"""
