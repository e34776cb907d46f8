"""Reads of this part, scoped to the user (see the app's __init__)."""
