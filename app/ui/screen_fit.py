"""Windows sized for the screen they open on: a practice's old 1024×700 monitor or a small
laptop gets a window that fits whole (title bar and edges on screen), a large screen the
comfortable default."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QListWidget, QWidget

#: Room left for the window manager's title bar and borders, which Qt's available
#: geometry does not include.
FRAME_ALLOWANCE = (16, 40)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize `window` to `width`×`height`, or to what the screen has room for."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(width, height)
        return
    room = screen.availableGeometry()
    window.resize(min(width, room.width() - FRAME_ALLOWANCE[0]),
                  min(height, room.height() - FRAME_ALLOWANCE[1]))


def fit_list_width(view: QListWidget, *, least: int, most: int) -> None:
    """A side list exactly as wide as its longest entry (in this language), within
    `least`..`most`: every pixel it does not need goes to the tables beside it."""
    frame = 2 * view.frameWidth()
    scroll = view.verticalScrollBar().sizeHint().width()
    needed = view.sizeHintForColumn(0) + frame + scroll // 2 + 6
    view.setFixedWidth(max(least, min(most, needed)))


#: What a window manager's title bar spends beside the title: icon, buttons, padding.
TITLE_BAR_EXTRA = 140


def fit_title(dialog: QWidget) -> None:
    """Make `dialog` at least wide enough that the window manager shows its whole title
    (on a small screen, "Set a quick unlock PIN" came out as "Set a quick…")."""
    title = dialog.windowTitle()
    if not title:
        return
    font = QFont(dialog.font())
    font.setBold(True)  # as most window managers draw titles
    needed = QFontMetrics(font).horizontalAdvance(title) + TITLE_BAR_EXTRA
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        needed = min(needed, screen.availableGeometry().width() - FRAME_ALLOWANCE[0])
    if dialog.minimumWidth() < needed:
        dialog.setMinimumWidth(needed)


class DialogTitleFit(QObject):
    """Installed on the application: every dialog, as it is shown, fits its title."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog):
            fit_title(watched)
        return False


def install_title_fit(app: QApplication) -> DialogTitleFit:
    fitter = DialogTitleFit(app)
    app.installEventFilter(fitter)
    return fitter
