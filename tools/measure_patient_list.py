"""Measure the patient list and chart against a large demo vault (by hand, not in tests).

    python tools/measure_patient_list.py [--patients 100000] [--vault PATH]

Builds (or reuses, with --vault) a practice vault filled by `fill_demo`, then times, with
the real widgets offscreen: the first page, scrolling page by page, the debounced search
for several kinds of query, and opening a chart. Prints one line per figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery staple"  # noqa: S105 - a throwaway vault


def _ms(fn: Callable[[], object], repeat: int = 1) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--vault", type=Path)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="medvault-measure-"))
    os.environ.update(QT_QPA_PLATFORM="offscreen", MEDVAULT_INSECURE_TEST_KDF="1",
                      HOME=str(home), MEDVAULT_POLICY=str(home / "none.toml"),
                      PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from app.core.records.demo import fill_demo
    from app.core.vault import OpenVault, create_vault
    from app.ui.context import UiContext
    from app.ui.patients_page import PatientsPage
    from app.ui.pin_unlock import QuickUnlock
    from app.ui.prompts import Prompts
    from app.ui.secure_clipboard import SecureClipboard
    from app.ui.workers import TaskRunner

    app = QApplication.instance() or QApplication([])
    path = args.vault or home / "big"
    if not (path / "vault.json").exists():
        create_vault(path, owner_name="owner", password=PASSWORD, kind="practice")
        with OpenVault.open(path) as vault:
            session = vault.unlock("owner", PASSWORD)
            started = time.perf_counter()
            summary = fill_demo(session, args.patients, seed=1)
            print(f"fill_demo {summary.patients} patients, {summary.observations} "
                  f"observations: {time.perf_counter() - started:.0f} s")
            session.close("close")
    with OpenVault.open(path) as vault:
        session = vault.unlock("owner", PASSWORD)
        ctx = UiContext(prompts=Prompts(), tasks=TaskRunner(), clipboard=SecureClipboard(),
                        quick_unlock=QuickUnlock())
        page = PatientsPage(ctx)
        page.resize(1100, 720)
        page.show()
        app.processEvents()
        first = _ms(lambda: (page.set_session(session), app.processEvents()))[0]
        model, table = page.list_view.model, page.list_view.table
        print(f"first page ({model.rowCount()} of {model.total():,} rows, count included): "
              f"{first:.1f} ms")

        def scroll_page() -> None:
            table.scrollToBottom()
            app.processEvents()

        pages = _ms(scroll_page, repeat=50)
        print(f"scroll to the end and fetch the next page, 50 times: median "
              f"{statistics.median(pages):.1f} ms, max {max(pages):.1f} ms "
              f"({model.rowCount():,} rows loaded)")
        from app.core.records.patients import list_patients

        offsets = _ms(lambda: list_patients(session, offset=args.patients - 300, limit=200),
                      repeat=5)
        print(f"one page at offset {args.patients - 300:,} (core): median "
              f"{statistics.median(offsets):.1f} ms")
        for query in ("a", "gar", "garcia", "zoe gar", "muller", "DEMO-0050000",
                      "1980-03-12", "nobody here"):
            page.list_view.search.setText(query)
            times = _ms(lambda: (page.list_view.run_query_now(), app.processEvents()),
                        repeat=1)
            again = []
            for _ in range(5):
                page.list_view.model.set_query("")
                again += _ms(lambda q=query: page.list_view.model.set_query(q))
            print(f"search {query!r:>16}: {model.rowCount():>3} rows, first "
                  f"{times[0]:.1f} ms, median of 5 {statistics.median(again):.1f} ms")
        page.list_view.search.setText("DEMO-0050000")
        page.list_view.run_query_now()
        summary = model.summary_at(0)
        chart = _ms(lambda: (page.open_patient(summary), app.processEvents()), repeat=1)
        print(f"open a chart (summary section shown): {chart[0]:.1f} ms")
        for key in ("timeline", "notes", "observations"):
            shown = _ms(lambda k=key: (page.chart_view.show_section(k), app.processEvents()))
            print(f"  first show of {key}: {shown[0]:.1f} ms")
        page.clear()
        session.close("close")
    return 0


if __name__ == "__main__":
    sys.exit(main())
