"""Helpers for tests that must prove something under concurrency (capacity, double clicks, overlapping bookings)."""
from __future__ import annotations

import threading


def at_once(calls) -> tuple[list, list]:
    """Runs each callable in its own thread, all released by one barrier at the same moment, each with its own
    database connection (closed at the end). Returns (results, errors) — the exceptions are collected, not raised,
    so a test can count the winners and the refusals."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        from django.db import connection as thread_connection
        try:
            barrier.wait()
            results.append(call())
        except Exception as exc:  # reported to the caller
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors
