"""How Python values reach SQLCipher: NULLs take the quick path and stay NULL."""

import sqlcipher3

import app.core.database  # noqa: F401  (registers the binding rules)


def test_null_parameters_are_bound_through_a_registered_adapter_and_stay_null() -> None:
    # Without the registration every None parameter costs a failed `__conform__` lookup
    # (about 5 microseconds): a fifth of a large FHIR import's time.
    assert (type(None), sqlcipher3.PrepareProtocol) in sqlcipher3.adapters
    conn = sqlcipher3.connect(":memory:")
    conn.execute("CREATE TABLE t (a, b TEXT, c REAL, d INTEGER)")
    conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?)",
                     [(None, None, None, None), (None, "x", 1.5, 0)])
    assert conn.execute("SELECT typeof(a), typeof(b), typeof(c), typeof(d) FROM t "
                        "ORDER BY rowid").fetchall() == [
        ("null", "null", "null", "null"), ("null", "text", "real", "integer")]
    assert conn.execute("SELECT count(*) FROM t WHERE b IS NULL").fetchone() == (1,)
