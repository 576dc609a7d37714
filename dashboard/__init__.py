"""The Streamlit dashboard: weights as sliders over live scores (presentation only)."""
