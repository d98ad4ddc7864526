"""About MedVault: versions, and the key-derivation parameters of the open vault's slots."""

from __future__ import annotations

import html
import platform
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.ui.icons import icon
from app.ui.widgets import Banner

if TYPE_CHECKING:
    from app.core.vault_file import VaultFile


def toolkit_versions() -> dict[str, str]:
    """What a bug report needs besides MedVault's own parts: the Python and Qt it runs on.
    PySide6 and the Qt libraries can differ (a wheel may load a system Qt), so both."""
    import PySide6
    from PySide6.QtCore import qVersion

    return {"python": f"{platform.python_version()} ({platform.python_implementation()})",
            "qt": qVersion(), "pyside6": PySide6.__version__}


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None, vault_file: VaultFile | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About MedVault"))
        self.setWindowIcon(icon("medvault"))
        from app.core.kdf import test_kdf_requested
        from app.core.versions import versions

        e = html.escape
        rows = "".join(f"<tr><td>{e(k)}</td><td>{e(v)}</td></tr>"
                       for k, v in {**versions(), **toolkit_versions()}.items())
        tagline = self.tr("An encrypted vault for health records.")
        text = (f"<h2>MedVault</h2><p>{e(tagline)}"
                f"</p><table cellspacing='6'>{rows}</table>")
        if vault_file is not None:
            text += self._vault_html(vault_file)
        self.text = QLabel(text, self)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setWordWrap(True)
        self.warning = Banner(self, "warning")
        if test_kdf_requested():
            self.warning.show_message(self.tr(
                "Test mode: new key slots use deliberately weak password hashing "
                "(MEDVAULT_INSECURE_TEST_KDF). Do not keep real records in this mode."),
                "warning")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def _vault_html(self, vf: VaultFile) -> str:
        e = html.escape
        names = {u.user_id: u.name for u in vf.users}
        rows = []
        for slot in vf.slots:
            who = names.get(slot.user_id, "?")
            if slot.kind == "recovery":
                how = self.tr("recovery key, HKDF-SHA256 (160-bit key, no stretching needed)")
            else:
                # RFC 9106's parameter names read right for any number ("1 passes" did not).
                how = self.tr(
                    "password, Argon2id {mib} MiB, time cost {t}, parallelism {p}").format(
                    mib=slot.kdf.memory_kib // 1024 if slot.kdf.memory_kib >= 1024 else
                    f"{slot.kdf.memory_kib / 1024:.2f}", t=slot.kdf.time_cost,
                    p=slot.kdf.parallelism)
                if slot.workstation:
                    how += self.tr(" + workstation keychain")
            rows.append(f"<tr><td>{e(who)}</td><td>{e(how)}</td></tr>")
        versions = ", ".join(f"{name} v{info.key_version}"
                             for name, info in vf.compartments.items())
        this_vault, kind, keys = self.tr("This vault"), self.tr("Kind"), self.tr("Keys")
        return (f"<h3>{e(this_vault)}: {e(vf.name)}</h3>"
                f"<p>{e(kind)}: {e(vf.kind)} · {e(keys)}: "
                f"{e(versions)}</p><table cellspacing='6'>{''.join(rows)}</table>")
