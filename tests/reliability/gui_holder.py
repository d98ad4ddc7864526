"""A real MedVault window in its own process (Qt offscreen), for the tests of issue 13
item 4: it opens VAULT at the sign-in screen, then obeys one command per line on stdin
and answers each with one line on stdout.

    signin NAME PASSWORD  sign in through the unlock window -> "signed-in" or "refused ..."
    touch                 a change through the signed-in session -> "touched"
    lock                  lock as Ctrl+L would -> "locked"
    quit                  close -> "bye"
"""

from __future__ import annotations

import select
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.ui.app_controller import AppController, AppState
from app.ui.lock_controller import LockReason
from app.ui.recent_vaults import RecentVaults
from app.ui.session_watch import SessionLockWatcher


class _Quiet(SessionLockWatcher):
    """No D-Bus in a test process."""

    def start(self) -> None:
        self._started = True

    def stop(self) -> None:
        self._started = False


def say(text: str) -> None:
    print(text, flush=True)


def main() -> int:
    vault, config = Path(sys.argv[1]), Path(sys.argv[2])
    app = QApplication([])
    controller = AppController(recent=RecentVaults(config / "recent.json"), watcher=_Quiet(),
                               demo_root=config / "demo")
    controller.open_vault(vault)
    say("open")
    waiting: list[str] = []

    def settle() -> None:
        if waiting and controller.unlock is not None and not controller.unlock.is_busy():
            waiting.clear()
            view = controller.unlock_window
            say("signed-in" if controller.state is AppState.MAIN
                else f"refused {view.banner.text() if view else ''}")

    def command() -> None:
        settle()
        if not select.select([sys.stdin], [], [], 0)[0]:
            return
        line = sys.stdin.readline()
        words = line.split()
        if not line or words[:1] == ["quit"]:
            controller.shutdown()
            say("bye")
            app.quit()
        elif words[0] == "signin":
            view = controller.unlock_window
            assert view is not None
            view.user.setText(words[1])
            view.password.setText(" ".join(words[2:]))
            waiting.append("signin")
            view.unlock_button.click()
        elif words[0] == "touch":
            session = controller.session
            assert session is not None
            with session.transaction():
                session.record("test.gui.touch")
            say("touched")
        elif words[0] == "lock":
            controller.lock_now(LockReason.MANUAL)
            say("locked" if controller.session is None else "still signed in")

    poll = QTimer()
    poll.timeout.connect(command)
    poll.start(50)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
