"""People's own text made safe where it is shown: Markdown that shows it as typed, CSV cells that cannot run as formulas."""
