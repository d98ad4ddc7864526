"""Sharing packages and the full encrypted export (issue 11). No Qt here.

`agefmt` writes and reads the age v1 format (streaming, X25519 and scrypt recipients),
`ageheader` bounds and checks an age header before any costly step, `zipread` reads a zip
held in memory under hard limits, and `package` builds, signs, opens and verifies sharing
packages. docs/sharing.md is the format's specification.
"""
