"""PySide6 views and view-models over a core Session."""
