"""The vault's business logic. Nothing in this package may import Qt."""
