"""`modelreg migrate`: a SQLite + files registry populated through a real server is copied into
PostgreSQL + S3 (the run's cluster and versitygw), then a server on the target answers every read
as the old one does, pulls every version byte for byte, continues its numbering and accepts its
tokens. Also the refusals: a target that holds a registry, a data directory a server holds, bad
URLs; and a source whose log was compacted entirely or that lost a chunk (SQLite to SQLite)."""

import json
import os
import subprocess
import sys
import uuid

import pytest

from modelreg import Input, PermissionDenied, Registry
from modelreg.cli import to_dict
from modelreg.v1 import automation_service_pb2 as au, event_service_pb2 as ev, resources_pb2 as r

from conftest import (FAST_WEBHOOKS, ROOT, Receiver, Secured, ServerProcess, data_state, replay, tree, wait_until,
                      write_tree)


def run_migrate(*args, json_out=True):
    """Runs the real `modelreg migrate`; (exit code, parsed JSON or stdout, stderr)."""
    result = subprocess.run([sys.executable, "-m", "modelreg", "migrate", *map(str, args),
                             *(["--json"] if json_out else [])], capture_output=True, text=True, cwd=ROOT,
                            timeout=300)
    out = json.loads(result.stdout) if json_out and result.stdout.strip() else result.stdout
    return result.returncode, out, result.stderr


def files(seed: int, size: int = 300_000) -> dict:
    rnd = os.urandom(size)
    return {"config.json": b'{"seed": %d}\n' % seed, "weights.bin": rnd + bytes(size // 3),
            "tokenizer/vocab.txt": b"\n".join(b"tok%d-%d" % (seed, i) for i in range(3000)),
            "run.sh": (b"#!/bin/sh\necho %d\n" % seed, 0o755), "empty.txt": b""}


def populate(secured: Secured, sources, receiver: Receiver) -> dict:
    """Every kind of state a registry holds, made through the real API."""
    with secured.client("root") as admin:
        admin.protect_alias("production")
        admin.grant_role("viewer", "editor", models="scratch-*")
        hook = admin.add_webhook(receiver.url, description="deploys").webhook
        admin.push("alpha", sources[0], aliases=["staging"], metrics={"f1": 0.81}, tags={"team": "nlp"},
                   inputs=["s3://data/imdb"], description="first")
        admin.push("alpha", sources[1], aliases=["staging", "production"], metrics={"f1": 0.9},
                   inputs=[Input.of_version("alpha:1")])
        admin.push("alpha", sources[2])
        admin.update_model("alpha", description="sentiment", tags={"owner": "ml"})
        admin.update_version("alpha:3", tags={"candidate": "yes"}, metrics={"f1": 0.93})
        admin.archive_version("alpha:3")
        head = admin.event_head()
        admin.compact_events(through_sequence=head // 2)  # the log keeps only what came after
        admin.push("beta", sources[3], aliases=["production"], inputs=["alpha:2", "hf://datasets/x"])
        admin.set_alias("beta", "canary", 1)
        admin.delete_alias("beta", "canary")
        revoked, _ = admin.create_token("editor", description="old")
        admin.revoke_token(revoked.name)
        admin.test_webhook(hook.name)
    with secured.client("viewer") as viewer, pytest.raises(PermissionDenied):
        viewer.set_alias("alpha", "staging", 1)  # audited as refused
    with secured.client("editor") as editor:
        editor.push("scratch-1", sources[4])
    with secured.client("root") as admin:
        wait_until(lambda: admin.get_webhook(hook.name).cursor_sequence == admin.event_head()
                   and not admin.get_webhook(hook.name).pending_deliveries, what="every delivery")
    return {"webhook": hook.name}


def reads(reg: Registry) -> dict:
    """Every read a client can make, as plain data, once the server's background work (file
    sha256s of format 2 versions) is done."""
    reg.compact_chunks(wait=True)
    models = [to_dict(m) for m in reg.list_models()]
    out = {"models": models, "versions": {}, "aliases": {}, "by_alias": {}, "lineage": {}, "deliveries": {}}
    for m in models:
        name = m["name"].removeprefix("models/")
        versions = list(reg.list_versions(name))
        out["versions"][name] = [to_dict(reg.get_version(f"{name}:{v.number}", files=True)) for v in versions]
        out["aliases"][name] = [to_dict(a) for a in reg.list_aliases(name)]
        out["by_alias"][name] = {a.alias: to_dict(reg.get_version(f"{name}:{a.alias}")) for a in reg.list_aliases(name)}
        for v in versions:
            out["lineage"][f"{name}:{v.number}"] = to_dict(reg.lineage(f"{name}:{v.number}", direction="both", depth=5))
    out["artifact"] = to_dict(reg.lineage(artifact="s3://data/imdb", direction="downstream", depth=5))
    head = reg.events.GetEventHead(ev.GetEventHeadRequest(), timeout=30)
    out["head"] = (head.head_sequence, head.oldest_sequence)
    out["events"] = [to_dict(e) for e in replay(reg, after=head.oldest_sequence - 1)]
    out["principals"] = [to_dict(p) for p in reg.list_principals()]
    out["tokens"] = [to_dict(t) for t in reg.list_tokens()]
    out["bindings"] = [to_dict(b) for b in reg.list_role_bindings()]
    out["protected"] = [to_dict(p) for p in reg.list_protected_aliases()]
    out["webhooks"] = [to_dict(w) for w in reg.list_webhooks()]
    for w in reg.list_webhooks():
        out["deliveries"][w.name] = [to_dict(d) for d in reg.webhook_deliveries(w.name)]
    out["audit"] = [to_dict(a) for a in reg.audit()]
    return out


@pytest.fixture(scope="module")
def moved(tmp_path_factory, postgres, versitygw):
    """A populated SQLite source (stopped), migrated into a fresh PostgreSQL database and S3 prefix
    of which some chunks were there already (as after an interrupted run)."""
    root = tmp_path_factory.mktemp("migrate")
    sources = [write_tree(root / f"src{i}", files(i)) for i in range(5)]
    receiver = Receiver().start()
    source = ServerProcess(root / "source", "--auth", *FAST_WEBHOOKS).start()
    secured = Secured(source)
    state = populate(secured, sources, receiver)
    assert source.stop() == 0

    db, prefix = postgres.new_database(), f"migrate-{uuid.uuid4().hex[:8]}"
    blobs = versitygw.url(prefix)
    chunk_files = sorted(p for p in (root / "source" / "blobs" / "chunks").rglob("*") if p.is_file())
    s3 = versitygw.client()
    s3.put_object(Bucket=versitygw.BUCKET, Key=f"{prefix}/layout", Body=b'{"version": 1}\n')
    for p in chunk_files[:3]:  # copied by an earlier run that was killed before its metadata
        s3.put_object(Bucket=versitygw.BUCKET, Key=f"{prefix}/chunks/{p.name[:2]}/{p.name[2:4]}/{p.name}",
                      Body=p.read_bytes())
    code, summary, err = run_migrate("--from-data", root / "source", "--to-db", db, "--to-blobs", blobs)
    assert (code, err) == (0, ""), summary
    target = ServerProcess(root / "target", "--auth", *FAST_WEBHOOKS, "--db", db, "--blobs", blobs,
                           blobs_root=versitygw.prefix_root(prefix)).start()
    # What both answer and what fsck says, before any test changes the target.
    source.start()
    token = secured.admin_token
    with Registry(source.address, token=token, timeout=30) as old, \
            Registry(target.address, token=token, timeout=60) as new:
        answers = {"old": reads(old), "new": reads(new), "fsck": new.check_store()}
    assert source.stop() == 0
    yield {"source": source, "target": target, "secured": secured, "summary": summary, "chunk_files": chunk_files,
           "db": db, "blobs": blobs, "sources": sources, "root": root, **answers, **state}
    if target.proc.poll() is None:
        target.stop()
    receiver.stop()


def test_summary_counts_what_was_copied(moved):
    s, n = moved["summary"], len(moved["chunk_files"])
    assert (s["chunks"], s["chunks_present"], s["chunks_copied"]) == (n, 3, n - 3)
    assert s["chunks_unreadable"] == s["chunks_unavailable"] == []
    assert s["rows"]["models"] == 3 and s["rows"]["versions"] == 5 and s["rows"]["webhook_attempts"] >= 1
    assert s["compacted_through"] > 0 and s["event_head"] > s["compacted_through"]


def test_the_new_registry_answers_every_read_as_the_old(moved):
    before, after = moved["old"], moved["new"]
    assert before["events"] and before["events"][0]["sequence"] == moved["summary"]["compacted_through"] + 1
    assert before["webhooks"][0]["cursor_sequence"] == before["head"][0]
    assert before["deliveries"][moved["webhook"]] and before["audit"] and len(before["principals"]) == 6
    for key in before:
        assert after[key] == before[key], key


def test_target_is_clean_and_pulls_every_version_byte_for_byte(moved, tmp_path):
    report = moved["fsck"]
    assert not report.corrupt_chunks and not report.missing_chunks and not report.damaged_versions
    assert (report.chunks_checked, report.versions_checked) == (len(moved["chunk_files"]), 5)
    src = moved["sources"]
    expected = {("alpha", 1): src[0], ("alpha", 2): src[1], ("alpha", 3): src[2], ("beta", 1): src[3],
                ("scratch-1", 1): src[4]}
    with Registry(moved["target"].address, token=moved["secured"].admin_token, timeout=60) as new:
        for (name, number), source_dir in expected.items():
            new.pull(f"{name}:{number}", tmp_path / f"{name}-{number}")
            assert tree(tmp_path / f"{name}-{number}") == tree(source_dir), (name, number)


def test_target_continues_numbering_and_accepts_the_old_tokens(moved):
    tokens = moved["secured"].tokens
    with Registry(moved["target"].address, token=tokens["editor"], timeout=30) as editor:
        assert editor.whoami().principal.name.endswith("editor")
        head = editor.event_head()
        assert head == moved["summary"]["event_head"]
        v = editor.push("alpha", moved["sources"][4])
        assert v.number == 4
        events = replay(editor, after=head)
        assert [e.sequence for e in events] == list(range(head + 1, head + 1 + len(events)))
        assert (events[0].type, events[0].model, events[0].version) == (r.EVENT_TYPE_VERSION_CREATED, "alpha", 4)
    with Registry(moved["target"].address, token=tokens["viewer"], timeout=30) as viewer, \
            pytest.raises(PermissionDenied):
        viewer.set_alias("alpha", "staging", 4)  # and the roles hold as before
    with Registry(moved["target"].address, token=tokens["root"], timeout=30) as admin:
        # Each of these takes a new id from a sequence that must have moved past the copied ones.
        admin.create_principal("newcomer")
        admin.grant_role("newcomer", "viewer", models="alpha")
        admin.create_token("newcomer")
        admin.protect_alias("stable")
        admin.add_lineage("alpha:4", ["alpha:3"])
        admin.add_webhook("http://127.0.0.1:9/none", enabled=False)
        assert len(list(admin.list_webhooks())) == 2 and len(admin.list_protected_aliases()) == 2
        assert [b.model_pattern for b in admin.list_role_bindings("newcomer")] == ["alpha"]


def test_a_target_holding_a_registry_is_refused_and_left_alone(moved):
    with Registry(moved["target"].address, token=moved["secured"].admin_token, timeout=30) as reg:
        quiet(reg)  # deliveries of what other tests did here
    assert moved["target"].stop() == 0  # and the refused calls it still counted in memory are written
    try:
        before = data_state(moved["target"].data)
        code, out, err = run_migrate("--from-data", moved["root"] / "source", "--to-db", moved["db"],
                                     "--to-blobs", moved["blobs"], json_out=False)
        assert code == 1 and out == ""
        assert len(err.strip().splitlines()) == 1 and "already holds a registry" in err
        assert data_state(moved["target"].data) == before
    finally:
        moved["target"].start()


def test_a_data_directory_a_server_holds_is_refused(own_server, tmp_path):
    code, out, err = run_migrate("--from-data", own_server.data, "--to-db", f"sqlite:///{tmp_path / 'new.db'}",
                                 "--to-blobs", tmp_path / "blobs", json_out=False)
    assert code == 4 and out == ""
    assert len(err.strip().splitlines()) == 1 and f"pid {own_server.proc.pid}" in err and "stop the server" in err
    assert not (tmp_path / "new.db").exists() and not (tmp_path / "blobs").exists()


@pytest.mark.parametrize("flag, url, code, words", [
    ("--to-db", "mysql://u@127.0.0.1/db", 3, "unknown database scheme"),
    ("--to-db", "sqlite://relative.db", 3, "a SQLite URL names a file"),
    ("--to-db", "registry.db", 3, "not a database URL"),
    ("--to-db", "postgresql://nobody@127.0.0.1:1/none", 3, "cannot open --to-db"),
    ("--to-blobs", "ftp://host/x", 3, "unknown chunk store scheme"),
    ("--from-db", "sqlite:///{tmp}/missing.db", 1, "no such database file"),
    ("--from-blobs", "{tmp}/missing-blobs", 1, "no such directory"),
])
def test_bad_urls_are_refused_in_one_line(tmp_path, flag, url, code, words):
    data = tmp_path / "data"
    ServerProcess(data).start().stop()  # an empty registry to migrate
    args = {"--from-db": f"sqlite:///{data / 'registry.db'}", "--from-blobs": str(data / "blobs"),
            "--to-db": f"sqlite:///{tmp_path / 'new.db'}", "--to-blobs": str(tmp_path / "new-blobs")}
    args[flag] = url.format(tmp=tmp_path)
    code_, out, err = run_migrate(*[x for kv in args.items() for x in kv], json_out=False)
    assert code_ == code and out == ""
    assert len(err.strip().splitlines()) == 1 and words in err and flag in err
    assert not (tmp_path / "new.db").exists()
    code_, out, _ = run_migrate(*[x for kv in args.items() for x in kv])
    assert code_ == code and words in out["error"]["message"]


def test_sqlite_to_sqlite_after_full_compaction_and_a_lost_chunk(tmp_path):
    """The head survives compaction of every event; a chunk lost in the source is reported
    (exit 5), and the target's fsck names the version it damages, as the source's would."""
    source = ServerProcess(tmp_path / "source").start()
    with Registry(source.address, timeout=30) as reg:
        reg.push("m", write_tree(tmp_path / "a", {"a.bin": os.urandom(50_000)}))
        reg.push("m", write_tree(tmp_path / "b", {"b.bin": os.urandom(50_000)}))
        lost = reg.get_version("m:2", files=True).files[0].chunks[0].digest
        head = reg.event_head()
        reg.compact_events(older_than=0)
        assert reg.events.GetEventHead(ev.GetEventHeadRequest(), timeout=30).oldest_sequence == 0
    assert source.stop() == 0
    next(p for p in (tmp_path / "source" / "blobs" / "chunks").rglob(lost)).unlink()

    db, blobs = f"sqlite:///{tmp_path / 'target' / 'registry.db'}", tmp_path / "target-blobs"
    (tmp_path / "target").mkdir()
    code, summary, err = run_migrate("--from-data", tmp_path / "source", "--to-db", db, "--to-blobs", blobs)
    assert code == 5 and "fsck" in err
    assert summary["chunks_unavailable"] == [lost] and summary["event_head"] == head
    assert summary["compacted_through"] == head and summary["rows"]["events"] == 0

    target = ServerProcess(tmp_path / "target", "--db", db, "--blobs", str(blobs), blobs_root=blobs).start()
    try:
        with Registry(target.address, timeout=30) as reg:
            assert reg.event_head() == head
            assert list(reg.check_store().damaged_versions) == ["models/m/versions/2"]
            reg.push("m", write_tree(tmp_path / "c", {"c.bin": os.urandom(1000)}))
            assert reg.event_head() > head
            assert [e.sequence for e in replay(reg, after=head)][0] == head + 1
    finally:
        target.stop()


def quiet(reg: Registry) -> None:
    """Waits until every webhook has delivered everything, so that nothing changes meanwhile."""
    for hook in reg.list_webhooks():
        if hook.state != au.WEBHOOK_STATE_ENABLED:
            continue  # a disabled one skips what happens meanwhile
        wait_until(lambda: reg.get_webhook(hook.name).cursor_sequence == reg.event_head()
                   and not reg.get_webhook(hook.name).pending_deliveries, what="every delivery")


def test_and_back_from_postgresql_to_sqlite(moved, tmp_path):
    """Any backend to any other: the PostgreSQL + S3 registry copied into SQLite + files answers the same."""
    target, token = moved["target"], moved["secured"].admin_token
    with Registry(target.address, token=token, timeout=30) as reg:
        quiet(reg)
    assert target.stop() == 0
    back = tmp_path / "back"
    back.mkdir()
    code, summary, err = run_migrate("--from-db", moved["db"], "--from-blobs", moved["blobs"],
                                     "--to-db", f"sqlite:///{back / 'registry.db'}", "--to-blobs", back / "blobs")
    assert (code, err) == (0, "")
    assert summary["chunks_copied"] == summary["chunks"] > 0 and summary["chunks_present"] == 0
    target.start()
    copy = ServerProcess(back, "--auth", *FAST_WEBHOOKS).start()
    try:
        with Registry(target.address, token=token, timeout=30) as pg, \
                Registry(copy.address, token=token, timeout=30) as lite:
            assert reads(lite) == reads(pg)
            head, latest = lite.event_head(), lite.get_version("alpha:latest").number
            assert lite.push("alpha", moved["sources"][0]).number == latest + 1
            assert replay(lite, after=head)[0].sequence == head + 1
    finally:
        copy.stop()


def test_a_failed_copy_leaves_the_target_empty_and_a_rerun_finishes(tmp_path, postgres, versitygw):
    """The metadata is one transaction: when it fails (here a trigger refuses one table's rows),
    nothing of it stays; the chunks copied before stay, and the next run skips them."""
    import psycopg
    from modelreg_server.metadata import open_metadata
    source = ServerProcess(tmp_path / "source").start()
    with Registry(source.address, timeout=30) as reg:
        for i in range(2):
            reg.push("m", write_tree(tmp_path / f"v{i}", files(i, 100_000)), aliases=["production"])
    assert source.stop() == 0
    chunks = len([p for p in (tmp_path / "source" / "blobs" / "chunks").rglob("*") if p.is_file()])
    db, prefix = postgres.new_database(), f"crash-{uuid.uuid4().hex[:8]}"
    metadata, _ = open_metadata(db)  # the schema, so that the fault can be planted in it
    metadata.close()
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                     "$$ BEGIN RAISE EXCEPTION 'the disk is on fire'; END $$")
        conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON aliases FOR EACH ROW EXECUTE FUNCTION refuse()")
    args = ("--from-data", tmp_path / "source", "--to-db", db, "--to-blobs", versitygw.url(prefix))
    code, out, err = run_migrate(*args, json_out=False)
    assert code == 3 and out == ""
    assert len(err.strip().splitlines()) == 1 and "the disk is on fire" in err and "run it again" in err
    with psycopg.connect(db, autocommit=True) as conn:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("models", "versions", "events")}
        assert counts == {"models": 0, "versions": 0, "events": 0}
        assert conn.execute("SELECT last FROM event_sequencer").fetchone()[0] == 0
        conn.execute("DROP TRIGGER refuse ON aliases")
    assert len([p for p in (versitygw.prefix_root(prefix) / "chunks").rglob("*") if p.is_file()]) == chunks

    code, summary, err = run_migrate(*args)
    assert (code, err) == (0, "")
    assert (summary["chunks"], summary["chunks_present"], summary["chunks_copied"]) == (chunks, chunks, 0)
    assert summary["rows"]["versions"] == 2 and summary["rows"]["aliases"] == 2


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_every_table_of_the_schema_is_copied_or_carried_over(kind, tmp_path, request):
    """A table added to schema.py must be added to moving.TABLES (or STATE_TABLES) too."""
    from modelreg_server import moving
    from modelreg_server.metadata import open_metadata
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'registry.db'}"
        listing = "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        url = request.getfixturevalue("postgres").new_database()
        listing = "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'"
    metadata, _ = open_metadata(url)
    try:
        tables = {r["t"] for r in metadata.read_here(lambda db: db.db.rows(listing))}
    finally:
        metadata.close()
    assert tables - set(moving.STATE_TABLES) == {t for t, _ in moving.TABLES}
