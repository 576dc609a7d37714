"""Test helper for the sidebar's weights: a family's indicator sliders are drawn only while
its expander is open (dashboard/sidebar.py), so AppTests that move an indicator open them."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def open_families(at: AppTest) -> AppTest:
    """Open every family's indicator expander (as a click would) and rerun."""
    for fid in at.session_state["w_layout"][0]:
        at.session_state[f"keep:open:{fid}"] = True
    return at.run()
