"""Weekly refresh: validate one week of district reports and publish a snapshot.

The weekly script: `python refresh.py --help`. The command itself is grassroots/cli/refresh.py
(also `python -m grassroots refresh`).
"""

from grassroots.cli.refresh import refresh

if __name__ == "__main__":
    refresh(prog_name="refresh.py")
