"""Execution judging: the problems' tests, a sandboxed runner, and verdicts beyond compiling."""
