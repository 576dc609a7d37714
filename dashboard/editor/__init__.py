"""The dashboard's assessment editor: the draft held in the session (`draft`), its sections'
forms (`forms`, `tables`), saving and versions (`saving`), and batches started from the Runs
page (`batches`). The pages are `dashboard/views/editor.py` and `dashboard/views/runs.py`."""
