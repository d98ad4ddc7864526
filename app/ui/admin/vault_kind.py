"""How a page reads for the vault it shows: a personal vault is one person's own records.

Presentation only. Core's roles decide what a user may do; these helpers decide what is
worth showing. A personal vault's owner is allowed to manage users, grants and emergency
review, but with nobody else signing in those screens are empty practice machinery, so
they are left out until the vault actually has another account.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.ui.pages import SessionPage

if TYPE_CHECKING:
    from app.core.session import Session


def is_personal(session: Session) -> bool:
    from app.core.users import gains_accounts

    # Core's rule: a vault that gains no accounts is one person's own.
    return not gains_accounts(session.vault.file.kind)


def has_other_accounts(session: Session) -> bool:
    """Whether anyone but the signed-in user can sign in (vault.json's public user list,
    which every role may read)."""
    return any(u.user_id != session.user.user_id and u.status == "active"
               for u in session.vault.file.users)


def shows_team_screens(session: Session) -> bool:
    """Users, pending grants and emergency review: always in a practice vault; in a
    personal vault only once it has another account (e.g. an emergency account)."""
    return not is_personal(session) or has_other_accounts(session)


class TeamPage(SessionPage):
    """A page of practice machinery (users, pending grants, emergency review): shown where
    the role allows it and the vault has a team (`shows_team_screens`)."""

    def visible_for(self, session: Session) -> bool:
        return super().visible_for(session) and shows_team_screens(session)
