"""MedVault: an encrypted desktop vault for health records."""

__version__ = "0.1.0"
