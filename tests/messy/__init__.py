"""The messy-inbox corpus (cases.py) and the edits it is made of (edits.py)."""
