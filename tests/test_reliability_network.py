"""The network suite's short version: the real client core through the fault proxy
(latency, resets mid-request and mid-response, truncated and trickled answers, black
holes, then an outage and recovery): nothing lost, nothing doubled, the outbox drains.

The full version (1,000 cases, latency up to 10 s, a 10-minute outage) is
``python -m reliability network``. The event-loop stall is measured and printed, not
asserted here (CI machines are shared); the full run publishes it.
"""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path

import httpx
import pytest

from reliability import network
from reliability.faultproxy import FaultMix, FaultProxy
from tests.training_fixtures import TrainingHome


@pytest.mark.slow
def test_faults_lose_nothing_and_duplicate_nothing(
    training_home: TrainingHome, tmp_path: Path
) -> None:
    result = network.run(full=False, workdir=str(tmp_path), platform_db=str(training_home.database))
    figures = {f.name: f for f in result.figures}
    print(f"\nlongest stall: {figures['longest event-loop stall while faults run'].value}")
    assert int(figures["cases"].value) >= 50
    assert figures["cases lost"].value == "0"
    assert figures["cases duplicated"].value == "0"
    assert figures["time to drain after recovery"].ok
    assert "0 needs attention" in figures["cases duplicated"].note
    for fault in ("latency", "reset_request", "reset_response", "truncate", "trickle"):
        assert fault in result.method  # each fault was drawn at least once
    assert "refused" in result.method


async def test_the_proxy_passes_https_through_and_breaks_what_it_is_told(
    training_server: object,
) -> None:
    """Clean: answers pass; outage: refused; truncate/reset: the client sees a broken
    answer (a transport error), never a wrong one."""
    base_url = str(getattr(training_server, "base_url"))  # noqa: B009
    ca_file = getattr(training_server, "ca_file")  # noqa: B009
    upstream = int(base_url.rsplit(":", 1)[1])
    proxy = FaultProxy(upstream, seed=1)
    port = await proxy.start()
    context = ssl.create_default_context(cafile=str(ca_file))
    url = f"https://127.0.0.1:{port}/v1/health"
    try:
        async with httpx.AsyncClient(verify=context, timeout=2.0) as http:
            assert (await http.get(url)).status_code == 200
        for mix in (FaultMix(truncate=1.0), FaultMix(reset_response=1.0), FaultMix(blackhole=1.0)):
            proxy.mix = mix
            async with httpx.AsyncClient(verify=context, timeout=0.5) as http:
                try:
                    response = await http.get(url)
                except httpx.TransportError:
                    pass
                else:  # the handshake's exchange took the fault; the request went clean
                    assert response.status_code == 200
        proxy.mix = FaultMix()
        proxy.outage()
        async with httpx.AsyncClient(verify=context, timeout=2.0) as http:
            try:
                await http.get(url)
                raise AssertionError("an outage must refuse the connection")
            except httpx.TransportError:
                pass
        proxy.recover()
        async with httpx.AsyncClient(verify=context, timeout=2.0) as http:
            assert (await http.get(url)).status_code == 200
        assert proxy.stats["truncate"] >= 1 and proxy.stats["refused"] >= 1
    finally:
        await proxy.close()
        await asyncio.sleep(0)
