"""TLS and mTLS between the server and the SDK/CLI, with certificates made by trustme."""

import json
import os
import subprocess
import sys

import pytest
import trustme

from conftest import ServerProcess, tree
from modelreg import Registry, Unavailable
from modelreg.cli import EXIT


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
        with pytest.raises(Unavailable) as e:
            reg.list_models().__next__()
    assert e.value.reason == "TLS_REQUIRED"
    assert f"the server at {tls_server.address} speaks TLS: pass tls_ca=" in str(e.value)


def test_client_refuses_a_server_it_does_not_trust(tls_server, pki):
    with Registry(tls_server.address, tls_ca=str(pki["stranger"]), timeout=5) as reg:
        with pytest.raises(Unavailable) as e:
            list(reg.list_models())
    assert e.value.reason == "CERTIFICATE_NOT_TRUSTED"
    assert f"not signed by the CA in {pki['stranger']}" in str(e.value)


def test_mtls_refuses_a_client_without_a_certificate(mtls_server, pki):
    with Registry(mtls_server.address, tls_ca=str(pki["ca"]), timeout=5) as reg:
        with pytest.raises(Unavailable) as e:
            list(reg.list_models())
    assert e.value.reason == "CLIENT_CERTIFICATE_REQUIRED"


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
    assert refused.returncode == EXIT["unavailable"] and "UNAVAILABLE" in refused.stdout
    error = json.loads(refused.stdout)["error"]
    assert error["reason"] == "CLIENT_CERTIFICATE_REQUIRED"
    assert error["message"] == (f"the server at {mtls_server.address} requires a client certificate: "
                                "add --tls-cert and --tls-key")


@pytest.fixture
def plain_server(tmp_path):
    srv = ServerProcess(tmp_path / "data")
    yield srv.start()
    srv.stop()


# Each TLS mismatch, through the real CLI: what is wrong and the flag that fixes it, on stderr.
MISMATCHES = {
    "plaintext-client-tls-server": ("tls_server", [], "TLS_REQUIRED",
                                    "the server at {address} speaks TLS: add --tls-ca PEM (or --tls)"),
    "no-client-certificate-mtls-server": ("mtls_server", ["--tls-ca", "{ca}"], "CLIENT_CERTIFICATE_REQUIRED",
                                          "the server at {address} requires a client certificate: "
                                          "add --tls-cert and --tls-key"),
    "untrusted-client-certificate": ("mtls_server", ["--tls-ca", "{ca}", "--tls-cert", "{server_cert}",
                                                     "--tls-key", "{server_key}"], "CLIENT_CERTIFICATE_REFUSED",
                                     "the server at {address} refused this client's certificate: give --tls-cert"),
    "untrusted-server-certificate": ("tls_server", ["--tls-ca", "{stranger}"], "CERTIFICATE_NOT_TRUSTED",
                                     "certificate not trusted: the server at {address} presented a certificate not "
                                     "signed by the CA in {stranger} (unable to get local issuer certificate): "
                                     "pass --tls-ca with the CA that signed the server's certificate"),
    "tls-client-plaintext-server": ("plain_server", ["--tls-ca", "{ca}"], "SERVER_NOT_TLS",
                                    "the server at {address} does not speak TLS (it serves plaintext): "
                                    "drop --tls, --tls-ca and --tls-cert"),
}


@pytest.mark.parametrize("server_fixture,flags,reason,explanation", MISMATCHES.values(), ids=MISMATCHES.keys())
def test_cli_explains_a_tls_mismatch(request, pki, server_fixture, flags, reason, explanation):
    srv = request.getfixturevalue(server_fixture)
    names = {k: str(v) for k, v in pki.items()} | {"address": srv.address}
    env = {k: v for k, v in os.environ.items() if k != "MODELREG_TLS_CA"}
    result = subprocess.run([sys.executable, "-m", "modelreg", "models", "--server", srv.address,
                             *[f.format(**names) for f in flags]], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == EXIT["unavailable"]
    assert result.stderr.startswith("modelreg: " + explanation.format(**names)), result.stderr
    assert f"[UNAVAILABLE {reason}]" in result.stderr and "Traceback" not in result.stderr


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
