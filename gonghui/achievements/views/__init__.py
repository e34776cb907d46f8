"""The achievements pages, one module per part."""
