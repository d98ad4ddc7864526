"""Offer a generated passphrase wherever a password is set (issue 15.2), as KeePassXC
does: core draws it (`app.core.passphrase`, `secrets` over MedVault's word list), this
widget shows it with its strength, puts it into the password fields and lets the user copy
it through the secure clipboard, whose notice counts down to the clear."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.clipboard_notice import ClipboardNotice
from app.ui.secure_clipboard import SecureClipboard


class PassphraseOffer(QWidget):
    """A "Suggest a passphrase" button; once pressed, the phrase, its strength and Copy."""

    # The phrase just drawn: the dialog puts it into its new-password fields.
    generated = Signal(str)

    def __init__(self, clipboard: SecureClipboard, parent: QWidget | None = None, *,
                 min_length: int, context: Callable[[], Sequence[str]] = lambda: ()) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self._min_length = min_length
        self._context = context
        self._phrase = ""
        self.suggest_button = QPushButton(self.tr("Suggest a &passphrase"), self)
        self.suggest_button.setToolTip(self.tr(
            "Random words chosen by MedVault: strong, and easier to type than to guess"))
        self.suggest_button.clicked.connect(self.suggest)
        self.phrase_label = QLabel(self)
        self.phrase_label.setObjectName("passphrase")
        self.phrase_label.setAccessibleName(self.tr("Suggested passphrase"))
        self.phrase_label.setWordWrap(True)
        self.strength_label = QLabel(self)
        self.strength_label.setWordWrap(True)
        self.copy_button = QPushButton(self.tr("&Copy"), self)
        self.copy_button.setAccessibleName(self.tr("Copy the passphrase"))
        self.copy_button.clicked.connect(self.copy)
        self.notice = ClipboardNotice(clipboard, self)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.phrase_label, 1)
        row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.suggest_button)
        layout.addLayout(row)
        layout.addWidget(self.strength_label)
        layout.addWidget(self.notice)
        self._show_phrase(False)

    def phrase(self) -> str:
        return self._phrase

    def _show_phrase(self, shown: bool) -> None:
        for widget in (self.phrase_label, self.copy_button, self.strength_label):
            widget.setVisible(shown)

    @Slot()
    def suggest(self) -> None:
        from app.core.passphrase import WordListDamaged, generate_passphrase

        try:
            drawn = generate_passphrase(min_length=self._min_length,
                                        context=list(self._context()))
        except WordListDamaged:
            # Never a weaker stand-in: the person chooses their own password instead.
            self._phrase = ""
            self.phrase_label.setText("")
            self.strength_label.setText(self.tr(
                "MedVault cannot suggest a passphrase: its word list is damaged. Choose "
                "your own password, and reinstall MedVault."))
            self.strength_label.show()
            return
        self._phrase = drawn.text
        self.phrase_label.setText(drawn.text)
        self.strength_label.setText(self.tr(
            "{words} words drawn at random: about {bits} bits, far beyond guessing. Write "
            "it down or keep it in a password manager; it is not shown again.")
            .format(words=drawn.words, bits=drawn.entropy_bits))
        self._show_phrase(True)
        self.generated.emit(drawn.text)

    @Slot()
    def copy(self) -> None:
        if self._phrase:
            self._clipboard.copy(self._phrase)

    def forget_if_changed(self, password: str) -> None:
        """The user typed their own instead: stop showing a phrase that is not in use."""
        if self._phrase and password != self._phrase:
            self.wipe()

    def wipe(self) -> None:
        self._phrase = ""
        self.phrase_label.setText("")
        self.strength_label.setText("")
        self._show_phrase(False)
