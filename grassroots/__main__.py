"""`python -m grassroots …`: the command line (grassroots/cli/)."""

from grassroots.cli import main

main(prog_name="python -m grassroots")
