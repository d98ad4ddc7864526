"""The ways into a vault, one small module each.

- `password.py`: name + password (+ TOTP), the everyday path; re-wraps an old slot.
- `recovery.py`: the owner's recovery key sets a new password (TOTP reset, flagged).
- `resume.py`: slot contents a caller already holds (the GUI's PIN quick unlock,
  `app/core/quick_unlock.py`), so only the tail runs.
- `start.py`: the tail every path shares: unseal and open the compartments
  (`keys.py` settles an interrupted rotation), check the files belong together, TOTP,
  then the sign-in's housekeeping (`housekeeping.py`) and its audit entries.

`OpenVault` (app/core/vault.py) holds the lock and the index and offers these paths as
methods, so callers keep one object; the rules live here.
"""
