"""The workers' home pages, one module per part."""
