"""``python -m docintel`` runs the command line."""

from .cli import main

main()
