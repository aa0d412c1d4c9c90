"""The command line: a thin shell over the library (sqlite-utils style).

Each command lives in its own module and registers itself on :data:`app`.
"""

from __future__ import annotations

from . import _parse  # noqa: F401  (registers commands)
from ._app import app, examples_last

for _name in ("_store", "_graph", "_remind", "_ocr"):
    try:
        __import__(f"{__name__}.{_name}")
    except ModuleNotFoundError as _e:  # a command group not built yet
        if _e.name != f"{__name__}.{_name}":
            raise

examples_last(app)


def main() -> None:
    app()


__all__ = ["app", "main"]
