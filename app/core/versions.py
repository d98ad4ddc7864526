"""The versions a bug report needs: MedVault's, SQLCipher's, SQLite's and Argon2's.

Here, not in the CLI, because both `medvault --version` and the About dialog show them.
"""

from __future__ import annotations

from app import __version__


def versions() -> dict[str, str]:
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    try:
        cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
        sqlite = conn.execute("SELECT sqlite_version()").fetchone()[0]
    finally:
        conn.close()
    from importlib.metadata import version

    return {"medvault": __version__, "sqlcipher": cipher, "sqlite": sqlite,
            "argon2": f"argon2-cffi {version('argon2-cffi')} (Argon2id v1.3)"}
