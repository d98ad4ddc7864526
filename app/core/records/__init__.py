"""Health records: the registry's people and the clinical compartment's entries.

Every public function takes a signed-in `Session`, checks the permission matrix first
(`session.require`), refuses restricted data without an active break-glass grant, and
appends an audit entry in the same transaction as the read or change. Modules are named
by what they hold; import from them directly (this package imports nothing eagerly, so
loading one module never drags in the rest).
"""
