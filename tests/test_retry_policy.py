"""The SDK's retry policy (client/python/modelreg/retry.py, docs/clients.md 4) as pure rules, and
the once-only list every client shares (tests/conformance/contract.json's once_only)."""

import json
from pathlib import Path

import grpc
import pytest
from modelreg import registry, retry
from modelreg.errors import ModelregError, Unavailable
from modelreg.v1 import (access_service_pb2, automation_service_pb2, event_service_pb2, maintenance_service_pb2,
                         monitoring_service_pb2, registry_service_pb2, transfer_service_pb2)

CONTRACT = json.loads((Path(__file__).parent / "conformance" / "contract.json").read_text())
MODULES = [access_service_pb2, automation_service_pb2, event_service_pb2, maintenance_service_pb2,
           monitoring_service_pb2, registry_service_pb2, transfer_service_pb2]
# Unary calls that change something yet are safe to repeat, and why; every other unary call that
# changes something must be in ONCE_ONLY (test_every_unary_call_is_classified).
SAFE_CHANGES = {
    "modelreg.v1.RegistryService/CreateVersion": "its request_id: a repeat returns the version created",
    "modelreg.v1.RegistryService/ArchiveVersion": "archiving an archived version is a no-op",
    "modelreg.v1.RegistryService/RestoreVersion": "restoring a ready version is a no-op",
    "modelreg.v1.AccessService/RevokeToken": "revoking a revoked token is a no-op",
    "modelreg.v1.AccessService/CreateLoginLink": "a second one-time link; the first, never seen, expires unused",
    "modelreg.v1.MonitoringService/BatchReportMetrics": "metric points are delivered at least once by design",
    "modelreg.v1.MaintenanceService/CheckStore": "repairing twice quarantines nothing more",
    "modelreg.v1.MaintenanceService/CollectGarbage": "a second run finds nothing more to remove",
    "modelreg.v1.MaintenanceService/CompactEvents": "a second run finds nothing more to remove",
    "modelreg.v1.MaintenanceService/CompactChunks": "a second run finds nothing more to compress",
    "modelreg.v1.TransferService/FindMissingChunks": "a read (it only marks chunks as recently asked about)",
    "modelreg.v1.AccessService/CheckPromotion": "a read: it tells what a move would meet, and moves nothing",
}
READ_PREFIXES = ("Get", "List", "Compare")


def unary_methods() -> set[str]:
    return {f"{service.full_name}/{method.name}" for module in MODULES
            for service in module.DESCRIPTOR.services_by_name.values() for method in service.methods
            if not method.client_streaming and not method.server_streaming}


def test_once_only_is_the_contracts_list():
    assert {service: sorted(methods) for service, methods in registry.ONCE_ONLY.items()} == \
        {service: sorted(methods) for service, methods in CONTRACT["once_only"].items()}


def test_every_unary_call_is_classified():
    """A new RPC that changes something must be put in ONCE_ONLY (and the other clients' lists) or
    here, with the reason it is safe to repeat."""
    once_only = {path.lstrip("/") for path in registry.ONCE_ONLY_PATHS}
    unary = unary_methods()
    assert once_only <= unary  # no typo, no streaming method
    assert not once_only & SAFE_CHANGES.keys()
    unclassified = {m for m in unary - once_only - SAFE_CHANGES.keys() if not m.split("/")[1].startswith(READ_PREFIXES)}
    assert unclassified == set()


@pytest.mark.parametrize("once_only", [False, True])
def test_unavailable_with_a_reason_is_retried(once_only):
    assert retry.retried(Unavailable("locked", reason="DATABASE_BUSY"), once_only=once_only)
    assert retry.retried(Unavailable("conflict", reason="DATABASE_CONFLICT"), once_only=once_only)


def test_unavailable_without_a_reason_is_retried_only_if_safe_to_repeat():
    assert retry.retried(Unavailable("connection reset"), once_only=False)
    assert not retry.retried(Unavailable("connection reset"), once_only=True)


def test_only_unavailable_is_retried():
    for code in (grpc.StatusCode.CANCELLED, grpc.StatusCode.INTERNAL, grpc.StatusCode.DEADLINE_EXCEEDED):
        error = ModelregError("x", reason="SOMETHING")
        error.code = code
        assert not retry.retried(error)


def test_streams_resume_after_a_cut_or_a_server_reset():
    for code, resumed in [(grpc.StatusCode.UNAVAILABLE, True), (grpc.StatusCode.INTERNAL, True),
                          (grpc.StatusCode.UNKNOWN, True), (grpc.StatusCode.CANCELLED, True),
                          (grpc.StatusCode.DEADLINE_EXCEEDED, False), (grpc.StatusCode.NOT_FOUND, False)]:
        error = ModelregError("x")
        error.code = code
        assert retry.resumed(error) is resumed, code
