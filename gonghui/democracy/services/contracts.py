"""Writes of this part (see the app's __init__)."""
