"""A bounded schema-driven fuzz run (schemathesis) against /api/openapi.json, as a logged-in clerk.

Every operation the clerk's OpenAPI document lists gets a few generated requests; no
answer may be a server error, and every answer must match the documented status codes,
content types and schemas. The run has its own site: generated writes land there.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings

from tests.security import server as live
from tests.security.world import A, build

schemathesis = pytest.importorskip("schemathesis")
from schemathesis import checks  # noqa: E402

EXAMPLES_PER_OPERATION = 12
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance, checks.response_schema_conformance]


@pytest.fixture
def fuzz_target(make_site) -> Iterator[tuple[str, dict[str, str]]]:
    site = make_site("sqlite")
    server = live.start(site)
    world = build(site)
    key, secret = world.tokens[A]
    try:
        yield server.url, {"Authorization": f"token {key}:{secret}"}
    finally:
        server.stop()
        world.engine.dispose()


@pytest.mark.slow
def test_openapi_fuzz(fuzz_target):
    url, auth = fuzz_target
    schema = schemathesis.openapi.from_url(f"{url}/api/openapi.json", headers=auth)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def run(case):
            case.call_and_validate(base_url=url, headers=auth, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - collected, reported together below
            failures.append(f"{operation.label}: {str(exc)[:600]}")
    assert not failures, "\n\n".join(failures)
