"""Administration pages: users, grants, key rotation, backups, policy and vault settings.

Each page is its own module and keeps the `SessionPage` contract (app/ui/pages.py). The
`AdministrationPage` gathers the ones the signed-in role may use into tabs.
"""
