"""Cheap password hashing for test processes.

The production argon2 parameters (64 MiB, 3 passes) cost about a second per hash or
check on a loaded two-core machine, and the suites set and check passwords thousands
of times. Tests only need argon2id hashes that verify; every process that serves or
changes a test site (pytest, the e2e server, the CLI runner) uses the same parameters,
so no login finds a hash that "needs rehash".
"""

from __future__ import annotations

from argon2 import PasswordHasher

from lowcode.auth import secrets

TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def use_fast_password_hashing() -> None:
    """Hash and check passwords in this process with TEST_HASHER."""
    secrets._hasher = TEST_HASHER
