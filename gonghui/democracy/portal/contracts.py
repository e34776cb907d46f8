"""This part on the member's phone and the officer's desk (portal.member, portal.desk, portal.messaging)."""
