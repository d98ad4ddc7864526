"""Child processes of the test suite see the test's machine policy, not the real one.

tests/conftest.py puts this folder first on PYTHONPATH, so Python imports this module at
start-up in every program a test runs. It hands MEDVAULT_TEST_SYSTEM_POLICY to core's
test-only switch. The variable means nothing to the shipped program: only this file,
which is never installed, reads it.
"""

import os

_path = os.environ.get("MEDVAULT_TEST_SYSTEM_POLICY")
if _path:
    from pathlib import Path

    from app.core.policy import use_system_policy_path_for_tests

    use_system_policy_path_for_tests(Path(_path))
