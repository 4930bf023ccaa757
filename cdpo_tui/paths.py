"""Where the console's stylesheets live, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path


def styles_dir() -> Path:
    """The `.tcss` folder: `cdpo_tui/styles` in a wheel, the repository's `styles/` otherwise.

    The wheel force-includes the repository's `styles/` as `cdpo_tui/styles`, so the package
    finds its styles the same way however it was installed.
    """
    packaged = Path(__file__).parent / "styles"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "styles"


def stylesheets() -> list[Path]:
    """Every stylesheet, `app.tcss` (theme variables only) first, then one per screen."""
    folder = styles_dir()
    app = folder / "app.tcss"
    return [app, *sorted(p for p in folder.glob("*.tcss") if p != app)]
