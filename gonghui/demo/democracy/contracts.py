"""This part's demo records (see the package's __init__): schedule(ctx) puts them on the timeline."""


def schedule(ctx) -> None:
    pass
