"""tui-outcomes: outcomes logic models for SEN commissioning, in the terminal."""

__version__ = "0.1.0"
