# syntax=docker/dockerfile:1
# The modelreg server image (docs/operations.md, "Docker"):
#   docker build -t modelreg .
#   docker run -d --name modelreg -p 50051:50051 -p 50052:50052 -v modelreg-data:/var/lib/modelreg modelreg
# Checked by tests/test_deploy_files.py (hadolint, stages, user, and its CMD and HEALTHCHECK run for real).

# Both wheels: the Rust byte pipeline (native/, built by maturin) and modelreg itself.
FROM rust:1.95-slim-trixie AS wheels
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv \
 && rm -rf /var/lib/apt/lists/*
RUN python3 -m venv /opt/build \
 && /opt/build/bin/pip install --no-cache-dir maturin==1.16.0
WORKDIR /src
COPY native/ native/
RUN /opt/build/bin/maturin build --release --manifest-path native/Cargo.toml --out /wheels
COPY pyproject.toml README.md ./
COPY client/python/ client/python/
COPY server/ server/
RUN /opt/build/bin/pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

# grpc_health_probe for the HEALTHCHECK; the version scripts/install-grpc-tools gives the tests.
FROM golang:1.26-trixie AS probe
ENV CGO_ENABLED=0 GOBIN=/out
RUN go install github.com/grpc-ecosystem/grpc-health-probe@v0.4.63

FROM python:3.11-slim-trixie
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY --from=wheels /wheels /tmp/wheels
# The wheels by file name, so nothing of the same name on an index can stand in for them.
RUN pip install --no-cache-dir /tmp/wheels/modelreg_native-0.1.0-*.whl "/tmp/wheels/modelreg-0.1.0-py3-none-any.whl[server,cli]" \
 && rm -rf /tmp/wheels
COPY --from=probe /out/grpc-health-probe /usr/local/bin/grpc_health_probe
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/modelreg --shell /usr/sbin/nologin modelreg \
 && install -d -o modelreg -g modelreg -m 0750 /var/lib/modelreg
USER 10001:10001
WORKDIR /var/lib/modelreg
VOLUME ["/var/lib/modelreg"]
# gRPC API, dashboard (and /metrics).
EXPOSE 50051 50052
# grpc.health.v1 answers SERVING once every service is up, NOT_SERVING while draining on SIGTERM.
# With --tls-cert, add -tls (and -tls-ca-cert or -tls-no-verify) to the probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["grpc_health_probe", "-addr=127.0.0.1:50051", "-connect-timeout=2s", "-rpc-timeout=2s"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["modelreg"]
# Off loopback the server requires API tokens: create the first admin with
#   docker exec modelreg modelreg bootstrap --data /var/lib/modelreg
CMD ["serve", "--data", "/var/lib/modelreg", "--listen", "0.0.0.0:50051", "--http", "0.0.0.0:50052"]
