"""Reliability and security suites (issue 7): each proves one promise of DESIGN §4 with figures.

Every suite is a module here with ``run(full: bool, workdir: Path) -> SuiteResult``; the short
version (``full=False``) runs inside the test suite, the full one from ``python -m reliability``,
which writes ``docs/reliability.md`` from the figures of that run.
"""
