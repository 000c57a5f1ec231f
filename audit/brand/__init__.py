"""Brand-misuse detection (placeholder while the package is assembled)."""
