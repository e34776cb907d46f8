"""The member's side and the officer's desk (issue 9): what members and officers see of every work area in one place.

Work areas plug in by declaration only (DESIGN.md): they do not edit this app, they register with it.
"""
