"""TLS and mTLS between the server and the SDK/CLI, with certificates made by trustme."""

import os
import subprocess
import sys

import pytest
import trustme

from conftest import ServerProcess, tree
from modelreg import Registry, Unavailable


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    root = tmp_path_factory.mktemp("pki")
    ca, client_ca, stranger = trustme.CA(), trustme.CA(), trustme.CA()
    server_cert = ca.issue_cert("127.0.0.1", "localhost")
    client_cert = client_ca.issue_cert("deploy-agent@example.invalid")
    files = {"ca": ca.cert_pem, "client_ca": client_ca.cert_pem, "stranger": stranger.cert_pem,
             "server_key": server_cert.private_key_pem, "client_key": client_cert.private_key_pem}
    paths = {}
    for name, blob in files.items():
        paths[name] = root / f"{name}.pem"
        blob.write_to_path(str(paths[name]))
    paths["server_cert"] = root / "server_cert.pem"
    paths["server_cert"].write_bytes(b"".join(b.bytes() for b in server_cert.cert_chain_pems))
    paths["client_cert"] = root / "client_cert.pem"
    paths["client_cert"].write_bytes(b"".join(b.bytes() for b in client_cert.cert_chain_pems))
    return paths


@pytest.fixture
def tls_server(tmp_path, pki):
    srv = ServerProcess(tmp_path / "data", "--tls-cert", str(pki["server_cert"]), "--tls-key", str(pki["server_key"]))
    yield srv.start()
    srv.stop()


@pytest.fixture
def mtls_server(tmp_path, pki):
    srv = ServerProcess(tmp_path / "data", "--tls-cert", str(pki["server_cert"]), "--tls-key", str(pki["server_key"]),
                        "--tls-client-ca", str(pki["client_ca"]))
    yield srv.start()
    srv.stop()


def test_tls_round_trip(tls_server, pki, model_dir, tmp_path):
    with Registry(tls_server.address, tls_ca=str(pki["ca"])) as reg:
        reg.push("secure", model_dir)
        reg.pull("secure:latest", tmp_path / "out")
    assert tree(tmp_path / "out") == tree(model_dir)


def test_tls_server_refuses_a_plaintext_client(tls_server):
    with Registry(tls_server.address, timeout=5) as reg:
        with pytest.raises(Unavailable):
            reg.list_models().__next__()


def test_client_refuses_a_server_it_does_not_trust(tls_server, pki):
    with Registry(tls_server.address, tls_ca=str(pki["stranger"]), timeout=5) as reg:
        with pytest.raises(Unavailable):
            list(reg.list_models())


def test_mtls_refuses_a_client_without_a_certificate(mtls_server, pki):
    with Registry(mtls_server.address, tls_ca=str(pki["ca"]), timeout=5) as reg:
        with pytest.raises(Unavailable):
            list(reg.list_models())


def test_mtls_accepts_a_client_certificate(mtls_server, pki, model_dir):
    with Registry(mtls_server.address, tls_ca=str(pki["ca"]), tls_cert=str(pki["client_cert"]),
                  tls_key=str(pki["client_key"])) as reg:
        assert reg.push("mutual", model_dir).number == 1


def test_cli_over_mtls(mtls_server, pki, model_dir):
    env = {**os.environ, "MODELREG_SERVER": mtls_server.address, "MODELREG_TLS_CA": str(pki["ca"])}
    args = [sys.executable, "-m", "modelreg", "push", "cli-mtls", str(model_dir), "--json",
            "--tls-cert", str(pki["client_cert"]), "--tls-key", str(pki["client_key"])]
    result = subprocess.run(args, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    refused = subprocess.run(args[:-4], capture_output=True, text=True, env=env, timeout=120)
    assert refused.returncode == 1 and "UNAVAILABLE" in refused.stdout


def test_server_flags_go_together(tmp_path, pki):
    result = subprocess.run([sys.executable, "-m", "modelreg", "serve", "--data", str(tmp_path / "d"),
                             "--listen", "127.0.0.1:0", "--tls-cert", str(pki["server_cert"])],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "--tls-key" in result.stderr


def test_token_over_tls_with_auth(tmp_path, pki):
    from modelreg import Unauthenticated
    from modelreg_server.app import bootstrap
    srv = ServerProcess(tmp_path / "data", "--auth", "--tls-cert", str(pki["server_cert"]),
                        "--tls-key", str(pki["server_key"])).start()
    try:
        _, token = bootstrap(srv.data, "root")
        with Registry(srv.address, tls_ca=str(pki["ca"]), token=token) as reg:
            assert reg.whoami().principal.name == "principals/root"
        with Registry(srv.address, tls_ca=str(pki["ca"])) as anonymous:
            with pytest.raises(Unauthenticated):
                anonymous.whoami()
    finally:
        srv.stop()
