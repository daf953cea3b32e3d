"""The registry's rules: names, versions, aliases, lineage and the events they produce.

The rules talk to storage only through the interfaces of metadata.py: every mutation is one
MetadataStore transaction and appends its events to the EventLog in that same transaction
(outbox), so there is never a change without its event or an event without its change. Which
backend runs, and how it schedules reads and writes, the rules cannot tell. Watchers read the log
by cursor up to its watermark and wait for news: a slow watcher never holds up a writer, and
memory does not grow with the number of watchers.
"""

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from modelreg import codec
from modelreg.manifest import CHUNK_TREE, FILE_SHA256, manifest_digest

from . import access, event_filters, filters, gates, limits, maintenance, names, paging
from .access import ADMIN, EDITOR, MAINTAINER, VIEWER, Caller
from .chunkstore import ChunkStore
from .errors import (AlreadyExists, Conflict, DeadlineExceeded, FailedPrecondition, InvalidArgument, NotFound,
                     OutOfRange)
from .governance import Governance, delete_service_account
from .domain import (CHUNK_REF_BYTES, EVENT_TYPES, FILE_ENTRY_BYTES, EventRow, FileRow, InputRow, ModelRow, now_micros,
                     VersionRow)
from .metadata import EventLog, MetadataStore, Reader, Writer
from .file_hashes import FileHasher
from .compaction import CompactionReport, Compactor
from .transfers import Transfers

READY = "READY"
ARCHIVED = "ARCHIVED"
MAX_LINEAGE_DEPTH = limits.LINEAGE_DEPTH
WATCH_BATCH = 256
RECENT_LIMIT = 1000  # events a recent_events call returns at most
RECENT_WINDOW = 1000  # events it reads per query, walking the log backwards
RECENT_SCAN = 20_000  # events it looks at, at most
STORAGE_MEASURED = 2000  # new chunks whose stored size version_storage asks the chunk store for


@dataclass
class Progress:
    head_sequence: int


@dataclass
class LineageGraph:
    nodes: list  # VersionRow (without inputs: the edges are the inputs) | InputRow (artifact), the start node first
    edges: list  # (upstream id, downstream id, relation)


class Abandoned(Exception):
    """The call a read was working for has gone (cancelled, or its client stopped waiting)."""


class Stop:
    """Tells a long read on a worker thread that its call is over: set when the awaiting coroutine
    is cancelled, and past the call's deadline. The read checks it between queries."""

    def __init__(self, timeout: float | None = None):
        self._event = threading.Event()
        self.deadline = time.monotonic() + timeout if timeout is not None else None

    def set(self) -> None:
        self._event.set()

    def check(self) -> None:
        if self._event.is_set():
            raise Abandoned()
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise DeadlineExceeded("DEADLINE_EXCEEDED", "the call's deadline passed before the server finished")


class Registry:
    def __init__(self, metadata: MetadataStore, events: EventLog, blobs: ChunkStore, *, reader_threads: int = 8,
                 auth_required: bool = False):
        self.metadata = metadata
        self.events = events
        self.blobs = blobs
        self.event_types = EVENT_TYPES
        self.governance = Governance(metadata, events, auth_required=auth_required)
        # Chunk I/O (the metadata backend has threads of its own).
        self._readers = ThreadPoolExecutor(reader_threads, thread_name_prefix="modelreg-io")
        # Lineage walks get threads of their own: however many are slow or abandoned, the readers
        # stay free for everyone else.
        self._walkers = ThreadPoolExecutor(limits.WALK_THREADS, thread_name_prefix="modelreg-walker")
        # So do the content checks of pushes being committed (they read every new file's chunks).
        self._verifiers = ThreadPoolExecutor(limits.VERIFY_THREADS, thread_name_prefix="modelreg-verifier")
        self.transfers = Transfers(blobs, metadata=metadata, executor=self._readers)
        # Compression at rest of chunks that arrived raw; app.py starts its loop (--compact-interval).
        self.compactor = Compactor(metadata, blobs)
        # Whole-file sha256s of format 2 versions, filled in after the commit (file_hashes.py).
        self.file_hasher = FileHasher(metadata, blobs)

    def close(self) -> None:
        self.metadata.close()
        self._walkers.shutdown(wait=True, cancel_futures=True)
        self._verifiers.shutdown(wait=True, cancel_futures=True)
        self._readers.shutdown(wait=True)

    async def _read(self, fn):
        """For the transfer plumbing (download), until it takes the MetadataStore itself."""
        return await self.metadata.read(fn)

    async def _io(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self._readers, fn, *args)

    async def _cancellable(self, executor: ThreadPoolExecutor, fn, *, timeout: float | None = None):
        """Runs fn(stop) on one of executor's threads. When the awaiting call is cancelled (the
        client went away or its deadline passed), work not yet started never starts, and running
        work sees `stop` at its next check and gives up, freeing the thread."""
        stop = Stop(timeout)
        try:
            return await asyncio.get_running_loop().run_in_executor(executor, fn, stop)
        except asyncio.CancelledError:
            stop.set()
            raise

    # Models

    async def create_model(self, model_id: str, *, description: str = "", tags: dict | None = None,
                           caller: Caller) -> ModelRow:
        model_id = names.model_id(model_id)
        caller.require(EDITOR, model_id, action="create models")
        names.description(description)
        tags = names.tags(tags or {})
        actor = caller.name

        def run(tx: Writer):
            if tx.model(model_id):
                raise AlreadyExists("MODEL_ALREADY_EXISTS", f"model {model_id!r} already exists", model=model_id)
            model = tx.insert_model(model_id, description=description, tags=tags)
            self.events.append(tx, type="MODEL_CREATED", model=model_id, actor=actor)
            return model
        return await self.metadata.transact(run)

    async def get_model(self, name: str, *, caller: Caller) -> ModelRow:
        model_id = names.model_id(name)
        caller.require(VIEWER, model_id, action="read")
        return await self.metadata.read(lambda db: _model(db, model_id))

    async def list_models(self, *, page_size: int = 0, page_token: str = "", name_prefix: str = "",
                          tags: dict | None = None, filter: str = "", order_by: str = "",
                          caller: Caller) -> paging.Page:
        """Only models the caller may read; a page is filled from further rows when some are hidden.
        A page ends before its models pass limits.PAGE_BYTES; only the models it holds are loaded.
        name_prefix and tags are shorthands ANDed with the filter (docs/filters.md)."""
        limit = paging.page_size(page_size)
        if len(name_prefix) > limits.NAME_PREFIX_CHARS:
            raise InvalidArgument("NAME_PREFIX_TOO_LONG", f"name_prefix is at most {limits.NAME_PREFIX_CHARS} "
                                  "characters", limit=limits.NAME_PREFIX_CHARS)
        tags = names.tag_filter(tags or {})
        tree = _all_of(filters.parse(filter, filters.MODELS),
                       *([filters.Compare(filters.Field("name"), "=", filters.Glob((name_prefix, "")))]
                         if name_prefix else []), *_tag_terms(tags))
        order = filters.parse_order(order_by, filters.MODELS)
        query = {"prefix": name_prefix, "tags": tags, "filter": filter, "order_by": order_by}
        after = paging.decode(page_token, query, list)

        def run(db: Reader):
            shown, size, cursor, sort = [], 0, after, {}
            while True:
                keys = db.model_search_keys(tree=tree, order=order, after=cursor, limit=limit + 1)
                for name, weight, values in keys:
                    if not caller.may_read(name):
                        continue
                    if len(shown) == limit or (shown and size + weight > limits.PAGE_BYTES):
                        return db.models_named(shown), True, sort
                    shown.append(name)
                    sort[name] = values
                    size += weight
                if len(keys) <= limit:
                    return db.models_named(shown), False, sort
                cursor = keys[-1][2]
        rows, more, sort = await self.metadata.read(run)
        return paging.Page(rows, more, key=lambda m: sort[m.name], query=query)

    async def update_model(self, name: str, *, update_mask: list[str], description: str, tags: dict,
                           etag: str = "", caller: Caller) -> ModelRow:
        model_id = names.model_id(name)
        caller.require(EDITOR, model_id, action="update models")
        actor = caller.name
        paths = _mask(update_mask, {"description"}, {"tags"})
        names.tags(tags)
        if "description" in paths:
            names.description(description)

        def run(tx: Writer):
            model = _model(tx, model_id)
            _check_etag(etag, model.etag, model_id)
            new_description = description if "description" in paths else model.description
            new_tags = names.tags(_apply_map(model.tags, tags, paths, "tags"))
            tx.update_model(model, description=new_description, tags=new_tags)
            self.events.append(tx, type="MODEL_UPDATED", model=model_id, actor=actor)
            return tx.model(model_id)
        return await self.metadata.transact(run)

    async def delete_model(self, name: str, *, force: bool = False, etag: str = "", caller: Caller) -> None:
        model_id = names.model_id(name)
        caller.require(MAINTAINER, model_id, action="delete models")
        actor = caller.name

        def run(tx: Writer):
            model = _model(tx, model_id)
            _check_etag(etag, model.etag, model_id)
            if not force and tx.max_ready_version(model):
                raise FailedPrecondition(
                    "MODEL_HAS_READY_VERSIONS",
                    f"model {model_id!r} has READY versions: archive them first or delete with force",
                    model=model_id)
            # Alias watchers (deploy agents) learn that their alias is gone with the model.
            for alias, number in sorted(model.aliases.items()):
                self.events.append(tx, type="ALIAS_DELETED", model=model_id, actor=actor, alias=alias, version=number,
                                   previous_version=number, digest=tx.version(model, number).digest)
            for monitor in tx.monitors(model=model_id):  # its monitors go with it, and their principals
                tx.delete_monitor(monitor)
                delete_service_account(tx, self.events, monitor.principal, actor=actor)
                self.events.append(tx, type="MONITOR_DELETED", model=model_id, actor=actor, alias=monitor.alias,
                                   subject=monitor.name)
                self.governance.changed_in(tx)
            tx.delete_model(model)
            self.events.append(tx, type="MODEL_DELETED", model=model_id, actor=actor)
        await self.metadata.transact(run)

    # Versions

    async def create_version(self, model_id: str, *, files: list[FileRow], description: str = "",
                             tags: dict | None = None, metrics: dict | None = None, params: dict | None = None,
                             inputs: list[InputRow] = (), aliases: list[str] = (), request_id: str = "",
                             caller: Caller) -> VersionRow:
        model_id = names.model_id(model_id)
        caller.require(EDITOR, model_id, action="push versions")
        actor = caller.name
        if len(request_id) > limits.REQUEST_ID_CHARS or any(ord(c) < 0x21 or ord(c) == 0x7F for c in request_id):
            raise InvalidArgument("INVALID_REQUEST_ID", f"request_id must be up to {limits.REQUEST_ID_CHARS} printable "
                                  "characters", limit=limits.REQUEST_ID_CHARS)
        files, manifest_format = _validate_manifest(files)
        names.description(description)
        tags = names.tags(tags or {})
        metrics = names.metrics(metrics or {})
        params = _validate_params(params or {})
        names.count(aliases, limits.ALIASES_PER_CALL, "TOO_MANY_ALIASES", "aliases per call")
        aliases = [names.alias(a) for a in dict.fromkeys(aliases)]
        inputs = _validate_inputs(inputs)
        _require_readable_inputs(caller, inputs)
        digest = manifest_digest(files, manifest_format)
        await self.transfers.check_manifest(files, lambda: self._cancellable(
            self._verifiers, lambda stop: self.transfers.verify_content(files, stop)))

        def run(tx: Writer):
            model = tx.model(model_id)
            if model is not None and request_id:
                earlier = tx.version_by_request(model, request_id)
                if earlier is not None:
                    if earlier.digest != digest:
                        raise AlreadyExists("REQUEST_ID_REUSED", f"request_id {request_id!r} already created "
                                            f"{earlier.name} with different content")
                    return earlier
            for alias in aliases:
                _check_alias_move(tx, caller, model_id, alias)
            if model is None:
                model = tx.insert_model(model_id, description="", tags={})
                self.events.append(tx, type="MODEL_CREATED", model=model_id, actor=actor)
            upstream = [_resolve(tx, i.version, inputs=False).id if i.version else None for i in inputs]
            number = tx.insert_version(model, digest=digest, files=files, description=description,
                                       tags=tags, metrics=metrics, params=params, request_id=request_id,
                                       manifest_format=manifest_format)
            version = tx.version(model, number)
            for item, upstream_id in zip(inputs, upstream):
                tx.add_input(version.id, item, upstream_id)
            self.events.append(tx, type="VERSION_CREATED", model=model_id, actor=actor, version=number, digest=digest)
            _refresh_latest(tx, self.events, model, actor)
            if aliases:
                protections = tx.protections()
                for alias in aliases:
                    if gates.rules(protections, model_id, alias):
                        gates.require(protections, model_id, alias, tx.version(tx.model(model_id), number))
            for alias in aliases:
                _move_alias(tx, self.events, model, alias, number, digest, actor)
            return tx.version(tx.model(model_id), number, files=True)
        return await self.metadata.transact(run)

    async def get_version(self, reference: str, *, files: bool = True, caller: Caller) -> VersionRow:
        caller.require(VIEWER, names.reference(reference).model, action="read")
        return await self.metadata.cached(("version", reference, files), lambda db: _resolve(db, reference, files=files))

    async def list_versions(self, parent: str, *, page_size: int = 0, page_token: str = "", state: str = "",
                            tags: dict | None = None, files: bool = False, filter: str = "", order_by: str = "",
                            caller: Caller) -> paging.Page:
        """A page ends before its versions (with their manifests, if asked for) pass
        limits.PAGE_BYTES; only the versions it holds are loaded. Parent `models/-` searches every
        model the caller may read (a page is filled from further rows when some are hidden).
        state and tags are shorthands ANDed with the filter. Keyset paging on the order's values
        (and model, number): versions added meanwhile never shift what later pages hold."""
        everywhere = parent == ALL_MODELS
        model_id = None if everywhere else names.model_id(parent)
        if model_id is not None:
            caller.require(VIEWER, model_id, action="read")
        limit = paging.page_size(page_size)
        tags = names.tag_filter(tags or {})
        tree = _all_of(filters.parse(filter, filters.VERSIONS),
                       *([filters.Compare(filters.Field("state"), "=", filters.Str(state))] if state else []),
                       *_tag_terms(tags))
        order = filters.parse_order(order_by, filters.VERSIONS) or (
            ((filters.Field("create_time"), True),) if everywhere else ((filters.Field("number"), True),))
        query = {"model": model_id or ALL_MODELS, "state": state, "tags": tags, "filter": filter, "order_by": order_by}
        after = paging.decode(page_token, query, list)

        def run(db: Reader):
            internal_id = None if everywhere else _model(db, model_id).id
            chosen, size, cursor, sort = [], 0, after, {}
            while True:
                keys = db.version_search_keys(model_id=internal_id, tree=tree, order=order, after=cursor,
                                              limit=limit + 1)
                for version_id, model_name, weight, values in keys:
                    if everywhere and not caller.may_read(model_name):
                        continue
                    weight += db.manifest_bytes(version_id) if files else 0
                    if len(chosen) == limit or (chosen and size + weight > limits.PAGE_BYTES):
                        return db.versions_by_id(chosen, files=files), True, sort
                    chosen.append(version_id)
                    sort[version_id] = values
                    size += weight
                if len(keys) <= limit:
                    return db.versions_by_id(chosen, files=files), False, sort
                cursor = keys[-1][3]
        rows, more, sort = await self.metadata.read(run)
        return paging.Page(rows, more, key=lambda v: sort[v.id], query=query)

    async def update_version(self, reference: str, *, update_mask: list[str], description: str = "",
                             tags: dict | None = None, metrics: dict | None = None, etag: str = "",
                             caller: Caller) -> VersionRow:
        caller.require(EDITOR, names.reference(reference).model, action="update versions")
        actor = caller.name
        paths = _mask(update_mask, {"description"}, {"tags", "metrics"})
        tags = names.tags(tags or {})
        metrics = names.metrics(metrics or {})
        if "description" in paths:
            names.description(description)

        def run(tx: Writer):
            version = _resolve(tx, reference)
            _check_etag(etag, version.etag, version.name)
            tx.update_version(
                version,
                description=description if "description" in paths else version.description,
                tags=names.tags(_apply_map(version.tags, tags, paths, "tags")),
                metrics=names.metrics(_apply_map(version.metrics, metrics, paths, "metrics")),
            )
            self.events.append(tx, type="VERSION_UPDATED", model=version.model, actor=actor, version=version.number,
                               digest=version.digest)
            return _resolve(tx, version.name, files=True)
        return await self.metadata.transact(run)

    async def archive_version(self, reference: str, *, caller: Caller) -> VersionRow:
        caller.require(MAINTAINER, names.reference(reference).model, action="archive versions")
        actor = caller.name

        def run(tx: Writer):
            version = _resolve(tx, reference)
            if version.state == ARCHIVED:
                return version
            model = tx.model(version.model)
            tx.set_version_state(version, ARCHIVED)
            self.events.append(tx, type="VERSION_ARCHIVED", model=model.name, actor=actor, version=version.number,
                               digest=version.digest)
            for alias in version.aliases:
                if alias != names.LATEST:
                    tx.delete_alias(model, alias)
                    self.events.append(tx, type="ALIAS_DELETED", model=model.name, actor=actor, alias=alias,
                                       version=version.number, previous_version=version.number, digest=version.digest)
            _refresh_latest(tx, self.events, model, actor)
            return _resolve(tx, version.name, files=True)
        return await self.metadata.transact(run)

    async def restore_version(self, reference: str, *, caller: Caller) -> VersionRow:
        caller.require(MAINTAINER, names.reference(reference).model, action="restore versions")
        actor = caller.name

        def run(tx: Writer):
            version = _resolve(tx, reference)
            if version.state == READY:
                return _resolve(tx, version.name, files=True)
            model = tx.model(version.model)
            tx.set_version_state(version, READY)
            self.events.append(tx, type="VERSION_RESTORED", model=model.name, actor=actor, version=version.number,
                               digest=version.digest)
            _refresh_latest(tx, self.events, model, actor)
            return _resolve(tx, version.name, files=True)
        return await self.metadata.transact(run)

    # Aliases

    async def set_alias(self, model_id: str, alias: str, version: int, *, expected_version: int | None = None,
                        target: str = "", caller: Caller):
        """Points alias at version, or at the version the reference `target` names (resolved in the
        same transaction: `production` moves to where `staging` points as the move commits)."""
        model_id = names.model_id(model_id)
        caller.require(EDITOR, model_id, action="set aliases")
        alias = names.alias(alias)
        if target:
            _alias_target(model_id, version, target)
        else:
            names.version_number(version)
        if expected_version is not None and expected_version != 0:
            names.version_number(expected_version, "expected_version")
        actor = caller.name

        def run(tx: Writer):
            _check_alias_move(tx, caller, model_id, alias)
            model = _model(tx, model_id)
            chosen = _resolve(tx, target, inputs=False) if target else tx.version(model, version, inputs=False)
            if chosen is None:
                raise NotFound("VERSION_NOT_FOUND", f"{model_id} has no version {version}", model=model_id)
            if chosen.state == ARCHIVED:
                raise FailedPrecondition("VERSION_ARCHIVED", f"{chosen.name} is archived and cannot hold an alias")
            current = model.aliases.get(alias, 0)
            if expected_version is not None and expected_version != current:
                raise Conflict(
                    "ALIAS_CONFLICT",
                    f"{model_id}:{alias} points at {current or 'nothing'}, expected {expected_version or 'nothing'}",
                    current_version=current)
            _check_gate(tx, model, alias, chosen)
            _move_alias(tx, self.events, model, alias, chosen.number, chosen.digest, actor)
            return tx.alias(model, alias)
        return await self.metadata.transact(run)

    async def check_promotion(self, reference: str, alias: str, *, caller: Caller) -> tuple[str, list]:
        """(the version's name, every clause of the promotion gates moving alias onto it would meet:
        gates.Clause). Moves nothing; a viewer of the model may ask."""
        model_id = names.reference(reference).model
        caller.require(VIEWER, model_id, action="read")
        alias = names.alias(alias)

        def run(db: Reader):
            version = _resolve(db, reference)
            return version.name, gates.evaluate(db.protections(), version.model, alias, version)
        return await self.metadata.read(run)

    async def delete_alias(self, model_id: str, alias: str, *, expected_version: int | None = None,
                           caller: Caller) -> None:
        model_id = names.model_id(model_id)
        caller.require(EDITOR, model_id, action="remove aliases")
        alias = names.alias(alias)
        if expected_version is not None and expected_version != 0:
            names.version_number(expected_version, "expected_version")
        actor = caller.name

        def run(tx: Writer):
            _check_alias_move(tx, caller, model_id, alias)
            model = _model(tx, model_id)
            current = model.aliases.get(alias)
            if current is None:
                raise NotFound("ALIAS_NOT_FOUND", f"{model_id} has no alias {alias!r}", model=model_id, alias=alias)
            if expected_version is not None and expected_version != current:
                raise Conflict("ALIAS_CONFLICT", f"{model_id}:{alias} points at {current}, expected {expected_version}",
                               current_version=current)
            tx.delete_alias(model, alias)
            self.events.append(tx, type="ALIAS_DELETED", model=model_id, actor=actor, alias=alias, version=current,
                               previous_version=current, digest=tx.version(model, current).digest)
        await self.metadata.transact(run)

    async def list_aliases(self, model_id: str, *, caller: Caller):
        model_id = names.model_id(model_id)
        caller.require(VIEWER, model_id, action="read")
        return await self.metadata.read(lambda db: db.aliases(_model(db, model_id)))

    # Lineage

    async def add_lineage(self, reference: str, inputs: list[InputRow], *, caller: Caller) -> VersionRow:
        """Refuses inputs that would close a cycle (an input built, at any depth, from this version)
        and inputs past limits.INPUTS_PER_VERSION, existing ones counted."""
        caller.require(EDITOR, names.reference(reference).model, action="add lineage")
        actor = caller.name
        inputs = _validate_inputs(inputs)
        _require_readable_inputs(caller, inputs)
        if not inputs:
            raise InvalidArgument("INVALID_LINEAGE", "no inputs given")

        def run(tx: Writer):
            version = _resolve(tx, reference, inputs=False)
            upstream = [_resolve(tx, i.version, inputs=False).id if i.version else None for i in inputs]
            if version.id in upstream:
                raise InvalidArgument("INVALID_LINEAGE", f"{version.name} cannot be its own input")
            _refuse_cycle(tx, version, {u: i.version for u, i in zip(upstream, inputs) if u is not None})
            existing = tx.input_count(version.id)
            added = sum(tx.add_input(version.id, item, upstream_id) for item, upstream_id in zip(inputs, upstream))
            if existing + added > limits.INPUTS_PER_VERSION:
                raise InvalidArgument(
                    "TOO_MANY_INPUTS", f"{version.name} would have {existing + added} lineage inputs; a version has "
                    f"at most {limits.INPUTS_PER_VERSION}", limit=limits.INPUTS_PER_VERSION)
            if added:
                self.events.append(tx, type="LINEAGE_ADDED", model=version.model, actor=actor, version=version.number,
                                   digest=version.digest)
            return _resolve(tx, version.name, files=True)
        return await self.metadata.transact(run)

    async def get_lineage(self, reference: str = "", *, artifact_uri: str = "", upstream: bool = True,
                          downstream: bool = False, depth: int = 1, timeout: float | None = None,
                          caller: Caller) -> LineageGraph:
        """Versions of models the caller may not read are left out, with their edges. The walk runs
        on a walker thread and stops when the call is cancelled or `timeout` seconds pass."""
        if not 0 <= depth <= MAX_LINEAGE_DEPTH:
            raise InvalidArgument("INVALID_DEPTH", f"depth must be 0..{MAX_LINEAGE_DEPTH}", limit=MAX_LINEAGE_DEPTH)
        depth = depth or 1
        if bool(reference) == bool(artifact_uri):
            raise InvalidArgument("INVALID_LINEAGE", "give exactly one of a version reference or an artifact URI")
        if len(artifact_uri) > limits.URI_CHARS:
            raise InvalidArgument("INVALID_LINEAGE", f"an artifact URI is at most {limits.URI_CHARS} characters",
                                  limit=limits.URI_CHARS)
        if reference:
            caller.require(VIEWER, names.reference(reference).model, action="read")
        graph = await self._cancellable(
            self._walkers, lambda stop: self.metadata.read_here(
                lambda db: _walk(db, reference, artifact_uri, upstream, downstream, depth, stop)), timeout=timeout)
        hidden = {n.name for n in graph.nodes if isinstance(n, VersionRow) and not caller.may_read(n.model)}
        if hidden and not reference and len(hidden) == len(graph.nodes) - 1:
            raise NotFound("ARTIFACT_NOT_FOUND", f"no version declares {artifact_uri!r} as an input")
        graph.nodes = [n for n in graph.nodes if not (isinstance(n, VersionRow) and n.name in hidden)]
        graph.edges = [e for e in graph.edges if e[0] not in hidden and e[1] not in hidden]
        return graph

    # Transfer

    async def find_missing_chunks(self, digests: list[str], *, caller: Caller) -> list[str]:
        caller.require_somewhere(EDITOR, action="upload chunks")
        return await self.transfers.find_missing(digests)

    async def receive_chunks(self, chunks, *, caller: Caller) -> tuple[int, int, int]:
        """Verifies and stores uploaded chunks (transfers.Transfers.receive)."""
        caller.require_somewhere(EDITOR, action="upload chunks")
        return await self.transfers.receive(chunks)

    async def download(self, reference: str, offset: int = 0, end: int = 0, *, caller: Caller):
        """Yields (offset, StoredChunk) of a version the caller may read (transfers.Transfers.download)."""
        version = await self.get_version(reference, files=False, caller=caller)
        async for item in self.transfers.download(version, offset, end):
            yield item

    # Maintenance

    async def check_store(self, *, repair: bool = False, caller: Caller) -> maintenance.CheckReport:
        caller.require_global(ADMIN, action="repair the store" if repair else "check the store")
        return await self._io(lambda: maintenance.check_store(self.metadata, self.blobs, repair=repair))

    async def collect_garbage(self, *, grace_period: float = 3600.0, dry_run: bool = False,
                              caller: Caller) -> maintenance.GarbageReport:
        caller.require_global(ADMIN, action="collect garbage")
        if grace_period < 0:
            raise InvalidArgument("INVALID_GRACE_PERIOD", "grace_period must not be negative")
        return await maintenance.collect_garbage(self.metadata, self.blobs, grace_period=grace_period,
                                                 dry_run=dry_run, io=self._io)

    # Events

    async def event_bounds(self) -> tuple[int, int]:
        """(compacted through, watermark)."""
        return await self.metadata.read(self.events.bounds)

    async def compact_chunks(self, *, wait: bool = False, caller: Caller) -> CompactionReport:
        """The compression-at-rest backlog (compaction.py); with wait, drained first."""
        caller.require_global(ADMIN, action="compact chunks")
        if wait:
            await self.file_hasher.drain()
            return await self.compactor.drain()
        return CompactionReport(chunks_pending=await self.compactor.pending())

    async def compact_events(self, *, older_than: float | None = None, through_sequence: int = 0,
                             caller: Caller) -> tuple[int, int]:
        caller.require_global(ADMIN, action="compact events")
        if (older_than is None) == (not through_sequence) or (older_than or 0) < 0 or through_sequence < 0:
            raise InvalidArgument("INVALID_COMPACTION", "give either older_than (not negative) or through_sequence")

        def run(tx: Writer):
            _, head = self.events.bounds(tx)
            if through_sequence > head:
                raise InvalidArgument("INVALID_COMPACTION", f"through_sequence {through_sequence} is past the head {head}")
            before = now_micros() - int(older_than * 1e6) if older_than is not None else 0
            compacted = self.events.compact(tx, through_sequence=through_sequence, before_time=before)
            if before:
                tx.delete_denials(before_time=before)  # refused calls are kept as long as events
            return compacted
        return await self.metadata.transact(run)

    async def watch(self, *, after_sequence: int | None = None, models: list[str] = (), event_types: list[str] = (),
                    aliases: list[str] = (), progress_interval: float = 10.0, caller: Caller, filter: str = ""):
        """Yields EventRow and Progress: a Progress first, then matching events as they commit, and a
        Progress whenever progress_interval passes without one. Only events of models the caller may
        read are sent (governance events only to global admins), by its roles as they are now: the
        caller is re-read (StreamCaller) after each read of the log and while idle, so a revoked
        token or role ends the stream (Unauthenticated, PermissionDenied) within seconds and no
        event is sent that its caller may no longer read. Which events match is decided by
        event_filters (the filter ANDed with the shorthand lists), on every event read: the cursor
        only moves past events that were checked, so a resumed watch skips none that match."""
        for values, what in ((models, "models"), (event_types, "event types"), (aliases, "aliases")):
            names.count(values, limits.FILTER_VALUES, "TOO_MANY_FILTERS", f"{what} to watch")
        models = [names.model_id(m) for m in models]
        access.require_watchable(caller, models)
        aliases = [names.alias(a, settable=False) for a in aliases]
        for t in event_types:
            if t not in EVENT_TYPES:
                raise InvalidArgument("INVALID_EVENT_TYPE", f"unknown event type {t!r}")
        wanted = event_filters.subscription(filter=filter, models=models, event_types=event_types, aliases=aliases)
        if not 0.1 <= progress_interval <= 3600:
            raise InvalidArgument("INVALID_INTERVAL", "progress_interval must be between 100ms and 1h")
        compacted, head = await self.event_bounds()
        if after_sequence is None:
            cursor = head
        elif after_sequence < 0:
            raise InvalidArgument("INVALID_CURSOR", "after_sequence must not be negative")
        elif after_sequence > head:
            raise OutOfRange("CURSOR_AHEAD", f"cursor {after_sequence} is past the head {head}: "
                             "the server's data was replaced; resync", head_sequence=head)
        elif after_sequence < compacted:
            raise OutOfRange("CURSOR_COMPACTED", f"events after {after_sequence} are no longer kept "
                             f"(compacted through {compacted}); resync", compacted_through=compacted)
        else:
            cursor = after_sequence
        loop = asyncio.get_running_loop()
        current = self.governance.stream_caller(caller, lambda c: access.require_watchable(c, models))
        yield Progress(cursor)
        last_sent = loop.time()

        def batch(db: Reader, after: int):
            _, head = self.events.bounds(db)
            return head, self.events.read(db, after=after, through=head, limit=WATCH_BATCH)

        read = True
        while not self.events.closed:
            head, rows = await self.metadata.read(lambda db: batch(db, cursor)) if read else (cursor, [])
            # Checked after the read: a revocation committed before any of these events is seen.
            await current.current()
            sent = False
            for row in rows:
                if event_filters.matches(wanted, row) and (await current.current()).may_read(row.model):
                    sent = True
                    yield row
            last_sent = loop.time() if sent else last_sent
            if len(rows) == WATCH_BATCH:
                cursor = rows[-1].sequence
                continue
            cursor = max(cursor, head)
            timeout = last_sent + progress_interval - loop.time()
            if timeout <= 0:
                yield Progress(cursor)
                last_sent = loop.time()
                read = True
                continue
            # False: woken only to look at the caller again, nothing new to read.
            read = await self.events.wait(cursor, min(timeout, current.idle_timeout()))

    async def event_history(self, *, page_token: str = "", limit: int = 0, filter: str = "",
                            caller: Caller) -> "History":
        """Watch's rules looking backwards, for the dashboard's activity page: events newest first
        that match the filter (event_filters, as Watch and webhooks decide) and that the caller
        may read (governance events only to global admins). A global admin also gets the refused
        calls of the audit trail, merged by time; filters see one as an event of type DENIED with
        its model, actor and time. Each source scans at most HISTORY_SCAN rows per page, so a rare
        match cannot make one page read the whole log: a page may hold fewer than `limit` items
        and still have a next one. History.head is the watermark the page was read at: a live
        stream that starts after it shows every later event exactly once."""
        access.require_watchable(caller, [])
        wanted = event_filters.parse(filter)
        limit = paging.page_size(limit)
        denied = caller.global_role() >= ADMIN
        query = {"activity": filter, "denied": denied}
        # [events before this sequence (0: from the newest, -1: no more), refused calls before (time, id) (-1: no more)]
        cursor = paging.decode(page_token, query, list) or [0, 2**62, 0]
        if len(cursor) != 3 or not all(isinstance(k, int) and k >= -1 for k in cursor):
            raise InvalidArgument("INVALID_PAGE_TOKEN", "malformed page_token")
        if denied:
            await self.governance.denials.flush()  # a refusal shows at once, as in Audit

        def events(db: Reader, before: int) -> tuple[list, int, int]:
            compacted, head = self.events.bounds(db)
            top = head if before == 0 else -1 if before < 0 else min(before - 1, head)
            found, scanned = [], 0
            while top > compacted and scanned < HISTORY_SCAN:
                rows = self.events.read(db, after=max(compacted, top - WATCH_BATCH), through=top, limit=WATCH_BATCH)
                for row in reversed(rows):
                    if event_filters.matches(wanted, row) and caller.may_read(row.model):
                        found.append(row)
                        if len(found) == limit:
                            return found, row.sequence, head
                scanned += WATCH_BATCH
                top -= WATCH_BATCH
            return found, (top + 1 if top > compacted else -1), head

        def refusals(db: Reader, before: tuple) -> tuple[list, tuple]:
            found, scanned = [], 0
            while before[0] >= 0 and scanned < HISTORY_SCAN:
                rows = db.audit(before=(before[0], 1, before[1]), limit=WATCH_BATCH, actor="", model="", types=[],
                                allowed=False, denied=True, start=0, end=2**62)
                for row in rows:
                    before = (row.time, row.id)
                    if filters.matches(wanted, _denial_record(row)):
                        found.append(row)
                        if len(found) == limit:
                            return found, before
                scanned += len(rows)
                if len(rows) < WATCH_BATCH:
                    return found, (-1, 0)
            return found, before

        def run(db: Reader):
            shown, after_events, head = events(db, cursor[0])
            refused, after_refused = refusals(db, (cursor[1], cursor[2])) if denied else ([], (-1, 0))
            return shown, after_events, head, refused, after_refused
        shown, after_events, head, refused, after_refused = await self.metadata.read(run)
        items = _merge_newest_first(shown, refused)[:limit]
        taken_events = [r for r in items if isinstance(r, EventRow)]
        taken_refused = [r for r in items if not isinstance(r, EventRow)]
        # Each source resumes after the last of its rows this page shows (all of them: after its scan).
        next_events = after_events if len(taken_events) == len(shown) else taken_events[-1].sequence if taken_events \
            else cursor[0] or head + 1  # pinned: later pages never show events newer than the first
        next_refused = after_refused if len(taken_refused) == len(refused) else \
            (taken_refused[-1].time, taken_refused[-1].id) if taken_refused else (cursor[1], cursor[2])
        more = next_events != -1 or next_refused[0] != -1
        token = paging.encode([next_events, *next_refused], query) if more else ""
        return History(items=items, next_page_token=token, head=head)


    # The dashboard's questions (web/): each a bounded number of queries, whatever the registry holds

    async def readable_counts(self, *, caller: Caller) -> tuple[int, int]:
        """(models, versions) the caller may read, without listing every model: one count for a
        caller who may read them all; else only the models under the literal prefixes of its
        bindings are read, and each is checked against its roles."""
        if caller.global_role() >= VIEWER:
            return await self.metadata.read(lambda db: db.model_totals())
        prefixes = sorted({_literal_prefix(b.model_pattern) for b in caller.bindings if b.role >= VIEWER})
        rows = await self.metadata.read(lambda db: db.model_version_counts([""] if "" in prefixes else prefixes))
        readable = [n for name, n in rows if caller.may_read(name)]
        return len(readable), sum(readable)

    async def recent_events(self, *, limit: int, caller: Caller, filter: str = "",
                            scan: int = RECENT_SCAN) -> list[EventRow]:
        """The latest `limit` events the caller may read, newest first, as Watch would send them
        (events of models it may read; governance events to global admins only), matching
        `filter` (the Watch filter grammar, decided by the same evaluator). Reads the log
        backwards from its watermark in windows (twice the limit first, doubling while too few of
        them are shown) and looks at no more than `scan` events, so a caller who may read little
        costs a bounded number of queries."""
        if not 1 <= limit <= RECENT_LIMIT:
            raise InvalidArgument("INVALID_PAGE_SIZE", f"limit must be between 1 and {RECENT_LIMIT}")
        wanted = event_filters.subscription(filter=filter, models=[], event_types=[], aliases=[])
        compacted, head = await self.event_bounds()
        found, through, window = [], head, 2 * limit  # a window grows while too few of its events are shown
        while through > compacted and scan > 0 and len(found) < limit:
            after = max(compacted, through - min(window, RECENT_WINDOW, scan))
            window *= 2
            rows = await self.metadata.read(
                lambda db: self.events.read(db, after=after, through=through, limit=through - after))
            scan -= through - after
            for row in reversed(rows):
                if event_filters.matches(wanted, row) and caller.may_read(row.model):
                    found.append(row)
                    if len(found) == limit:
                        break
            through = after
        return found

    async def alias_moves(self, *, since: int, limit: int, caller: Caller, rounds: int = 4) -> list[EventRow]:
        """The latest `limit` alias moves and removals since a time (microseconds) that the caller
        may read, newest first, without `latest` (the server moves it with every push). Storage
        picks them by type and time (indexed); each of at most `rounds` queries reads 2 * limit."""
        found, before = [], None
        for _ in range(rounds):
            rows = await self.metadata.read(
                lambda db: db.alias_events(since=since, before=before, limit=2 * limit, skip_alias=names.LATEST))
            found += [row for row in rows if caller.may_read(row.model)]
            if len(found) >= limit or len(rows) < 2 * limit:
                break
            before = (rows[-1].time, rows[-1].sequence)
        return found[:limit]

    async def version_events(self, model_id: str, number: int, *, limit: int, caller: Caller) -> list[EventRow]:
        """The latest `limit` events about one version, newest first (one indexed query)."""
        model_id = names.model_id(model_id)
        caller.require(VIEWER, model_id, action="read")
        return await self.metadata.read(lambda db: db.version_events(model_id, number, limit=limit))

    async def alias_history(self, model_id: str, *, limit: int, caller: Caller) -> list[EventRow]:
        """The latest `limit` ALIAS_SET and ALIAS_DELETED events of one model, newest first,
        without `latest` (it moves with every push): what the model page's alias timeline draws.
        One query however many versions were pushed."""
        model_id = names.model_id(model_id)
        caller.require(VIEWER, model_id, action="read aliases")
        return await self.metadata.read(lambda db: db.alias_events(since=0, before=None, limit=limit,
                                                                   skip_alias=names.LATEST, model=model_id))

    async def metric_series(self, model_id: str, *, limit: int, caller: Caller) -> list[tuple[int, dict]]:
        """(number, metrics) of the model's latest `limit` versions in number order: what its
        sparklines draw, in one query however many versions it has."""
        model_id = names.model_id(model_id)
        caller.require(VIEWER, model_id, action="read")
        return await self.metadata.read(lambda db: db.metric_series(_model(db, model_id), limit=limit))

    async def version_storage(self, version: VersionRow, *, caller: Caller, measure: int = STORAGE_MEASURED) -> dict:
        """What a version (read with its files) costs in the chunk store, per file and in total:
        `size` (its bytes), `reused` (bytes of chunks an earlier version, or an earlier place in
        this one, had stored already: deduplicated), `stored` (what its newly stored chunks take,
        compressed as stored). One query for the chunks' first versions, then the sizes of at most
        `measure` new chunks are asked of the chunk store; past that the stored size of the rest is
        estimated at the measured ratio (`estimated` says so)."""
        caller.require(VIEWER, version.model, action="read")
        origins = await self.metadata.read(lambda db: db.chunk_origins(version.id))
        seen, new = set(), []
        for _, digest, _, first in origins:
            if first == version.id and digest not in seen:
                new.append(digest)
            seen.add(digest)
        sizes = await self._io(self.blobs.stored_sizes, new[:measure])
        raw = {digest: size for _, digest, size, _ in origins}
        measured_raw = sum(raw[d] for d in sizes)
        ratio = sum(sizes.values()) / measured_raw if measured_raw else 1.0
        unmeasured, first_here, files, at = set(new) - set(sizes), set(new), [], 0
        for f in version.files or []:
            row = {"path": f.path, "size": f.size, "chunks": len(f.chunks), "reused": 0, "stored": 0}
            for _, digest, size, _ in origins[at:at + len(f.chunks)]:
                if digest in first_here:
                    first_here.discard(digest)
                    row["stored"] += sizes[digest] if digest in sizes else round(size * ratio)
                else:
                    row["reused"] += size
            at += len(f.chunks)
            files.append(row)
        total = {key: sum(f[key] for f in files) for key in ("size", "chunks", "reused", "stored")}
        return {"files": files, "total": total, "new_chunks": len(new), "measured_chunks": len(sizes),
                "estimated": bool(unmeasured)}
    async def last_alias_move(self, model_id: str, alias: str, *, caller: Caller):
        """The ALIAS_SET event that put an alias where it points now (who moved it, when), for a
        page that explains a compare-and-swap conflict; None if the alias is unset or its event
        was compacted. Reads only the events since the alias's row last changed."""
        model_id = names.model_id(model_id)
        caller.require(VIEWER, model_id, action="read aliases")
        alias = names.alias(alias, settable=False)

        def run(db: Reader):
            model = _model(db, model_id)
            row = db.alias(model, alias)
            if row is None:
                return None
            # The event is appended in the transaction that wrote the row, with its own clock read.
            start = row.update_time - ALIAS_EVENT_SLACK
            before = (2**62, 2, 0)
            while True:
                rows = db.audit(before=before, limit=100, actor="", model=model_id, types=["ALIAS_SET"],
                                allowed=True, denied=False, start=start, end=2**62)
                for event in rows:
                    if event.alias == alias and event.version == row.version:
                        return event
                if len(rows) < 100:
                    return None
                before = (rows[-1].time, 0, rows[-1].sequence)
        return await self.metadata.read(run)


def move_alias_as(tx: Writer, events: EventLog, caller: Caller, model_id: str, alias: str, number: int, *,
                  expected_version: int) -> None:
    """Registry.set_alias's rules and move inside a transaction of the rules that call it (a
    monitor's rollback, in the transaction of its MONITOR_FIRING): the caller's role, protected
    aliases, promotion gates, archived versions and the compare-and-swap."""
    caller.require(EDITOR, model_id, action="set aliases")
    _check_alias_move(tx, caller, model_id, alias)
    model = _model(tx, model_id)
    chosen = tx.version(model, number)
    if chosen is None:
        raise NotFound("VERSION_NOT_FOUND", f"{model_id} has no version {number}", model=model_id)
    if chosen.state == ARCHIVED:
        raise FailedPrecondition("VERSION_ARCHIVED", f"{chosen.name} is archived and cannot hold an alias")
    current = model.aliases.get(alias, 0)
    if expected_version != current:
        raise Conflict("ALIAS_CONFLICT", f"{model_id}:{alias} points at {current or 'nothing'}, expected "
                       f"{expected_version or 'nothing'}", current_version=current)
    _check_gate(tx, model, alias, chosen)
    _move_alias(tx, events, model, alias, chosen.number, chosen.digest, caller.name)


def _check_gate(db: Reader, model: ModelRow, alias: str, version: VersionRow) -> None:
    """Refuses (PROMOTION_BLOCKED) a move of alias onto version that a protection rule's
    promotion gate does not let through, whoever the caller (gates.py)."""
    protections = db.protections()
    if gates.rules(protections, model.name, alias):
        gates.require(protections, model.name, alias, db.version(model, version.number))


def check_alias_move(db: Reader, caller: Caller, model_id: str, alias: str) -> None:
    """Refuses (ALIAS_PROTECTED) a move of a protected alias by a caller below maintainer."""
    _check_alias_move(db, caller, model_id, alias)


def alias_protected(db: Reader, model_id: str, alias: str) -> bool:
    return any(access.matches(model_id, p.model_pattern) and access.matches(alias, p.alias_pattern)
               for p in db.protections())


def _check_alias_move(db: Reader, caller: Caller, model_id: str, alias: str) -> None:
    if any(access.matches(model_id, p.model_pattern) and access.matches(alias, p.alias_pattern)
           for p in db.protections()):
        access.require_protected_ok(caller, model_id, alias)


def _require_readable_inputs(caller: Caller, inputs: list[InputRow]) -> None:
    for item in inputs:
        if item.version:
            caller.require(VIEWER, names.reference(item.version).model, action="read lineage inputs")


def _model(db: Reader, model_id: str) -> ModelRow:
    model = db.model(model_id)
    if model is None:
        raise NotFound("MODEL_NOT_FOUND", f"model {model_id!r} not found", model=model_id)
    return model


def _resolve(db: Reader, reference: str, *, files: bool = False, inputs: bool = True) -> VersionRow:
    ref = names.reference(reference)
    model = _model(db, ref.model)
    if ref.digest:
        digest = _full_digest(db, model, ref.digest, reference) if ref.short_digest else ref.digest
        version = db.version_by_digest(model, digest, files=files, inputs=inputs)
        if version is None:
            raise NotFound("VERSION_NOT_FOUND", f"{ref.model} has no version with digest {ref.digest}",
                           reference=reference)
        return version
    number = ref.number
    if ref.alias:
        number = model.aliases.get(ref.alias, 0)
        if not number:
            why = "no READY version" if ref.alias == names.LATEST else f"no alias {ref.alias!r}"
            raise NotFound("ALIAS_NOT_FOUND", f"{ref.model} has {why}", reference=reference)
    version = db.version(model, number, files=files, inputs=inputs)
    if version is None:
        raise NotFound("VERSION_NOT_FOUND", f"{ref.model} has no version {number}", reference=reference)
    return version


def _check_etag(given: str, current: str, what: str) -> None:
    if given and given != current:
        raise Conflict("ETAG_MISMATCH", f"{what} changed since it was read (etag {given} is stale)")


def _mask(paths: list[str], scalars: set[str], maps: set[str]) -> set[str]:
    if not paths:
        raise InvalidArgument("INVALID_UPDATE_MASK", "update_mask names no field")
    for path in paths:
        head, dot, key = path.partition(".")
        if (not dot and path not in scalars | maps) or (dot and (head not in maps or not key)):
            raise InvalidArgument("INVALID_UPDATE_MASK", f"cannot update {path!r}")
    return set(paths)


def _apply_map(current: dict, given: dict, paths: set[str], field: str) -> dict:
    if field in paths:
        return dict(given)
    result = dict(current)
    for path in paths:
        head, dot, key = path.partition(".")
        if head == field and dot:
            if key in given:
                result[key] = given[key]
            else:
                result.pop(key, None)
    return result


def _refresh_latest(tx: Writer, events: EventLog, model: ModelRow, actor: str) -> None:
    """Points `latest` at the newest READY version (or removes it). Reads the model again: the
    rows it was given do not follow the transaction's changes."""
    model = tx.model(model.name)
    newest = tx.max_ready_version(model)
    current = model.aliases.get(names.LATEST, 0)
    if newest == current:
        return
    if newest:
        _move_alias(tx, events, model, names.LATEST, newest, tx.version(model, newest).digest, actor)
    else:
        tx.delete_alias(model, names.LATEST)
        events.append(tx, type="ALIAS_DELETED", model=model.name, actor=actor, alias=names.LATEST, version=current,
                      previous_version=current, digest=tx.version(model, current).digest)


def _move_alias(tx: Writer, events: EventLog, model: ModelRow, alias: str, number: int, digest: str,
                actor: str) -> None:
    model = tx.model(model.name)  # as the transaction has it now, earlier moves included
    current = model.aliases.get(alias, 0)
    if current == number:
        return
    if alias not in model.aliases and len(model.aliases) >= limits.ALIASES_PER_MODEL:
        raise InvalidArgument("TOO_MANY_ALIASES", f"{model.name} has {len(model.aliases)} aliases, the most a model "
                              f"may have ({limits.ALIASES_PER_MODEL}, `latest` included)",
                              limit=limits.ALIASES_PER_MODEL)
    tx.set_alias(model, alias, number, current)
    events.append(tx, type="ALIAS_SET", model=model.name, actor=actor, alias=alias, version=number,
                  previous_version=current, digest=digest)


def _validate_manifest(files: list[FileRow]) -> tuple[list[FileRow], int]:
    """The manifest sorted by path, with default modes and every file's tree digest, and its
    format: CHUNK_TREE when the files state tree digests (each must be its chunk list's), else
    FILE_SHA256 (each must state a sha256)."""
    if not files:
        raise InvalidArgument("INVALID_MANIFEST", "a version needs at least one file")
    names.count(files, limits.FILES, "TOO_MANY_FILES", "files in a manifest")
    weight = sum(len(f.path.encode()) + FILE_ENTRY_BYTES + len(f.chunks) * CHUNK_REF_BYTES for f in files)
    if weight > limits.MANIFEST_BYTES:
        raise InvalidArgument("MANIFEST_TOO_LARGE", f"the manifest is about {weight} bytes serialised; at most "
                              f"{limits.MANIFEST_BYTES}", limit=limits.MANIFEST_BYTES)
    names.manifest_paths([f.path for f in files])
    files = [replace(f, mode=f.mode or 0o644) for f in files]
    manifest_format = CHUNK_TREE if any(f.tree_digest for f in files) else FILE_SHA256
    for f in files:
        if f.mode & ~0o777:
            raise InvalidArgument("INVALID_MANIFEST", f"{f.path}: mode {f.mode:o} has bits outside 0o777", path=f.path)
        if not names.DIGEST_RE.fullmatch(f.sha256) and (f.sha256 or manifest_format == FILE_SHA256):
            raise InvalidArgument("INVALID_MANIFEST", f"{f.path}: sha256 must be 64 lowercase hex digits", path=f.path)
        if bool(f.tree_digest) != (manifest_format == CHUNK_TREE):
            raise InvalidArgument("INVALID_MANIFEST", "tree_digest must be set on every file of a manifest or on none",
                                  path=f.path)
        if f.tree_digest and not names.DIGEST_RE.fullmatch(f.tree_digest):
            raise InvalidArgument("INVALID_MANIFEST", f"{f.path}: tree_digest must be 64 lowercase hex digits",
                                  path=f.path)
        for d, size in f.chunks:
            names.digest(d)
            if not 0 < size <= codec.MAX_CHUNK_SIZE:
                raise InvalidArgument("INVALID_MANIFEST", f"{f.path}: chunk size {size} out of range", path=f.path)
        if f.size != sum(size for _, size in f.chunks):
            raise InvalidArgument("INVALID_MANIFEST", f"{f.path}: size {f.size} is not the sum of its chunks",
                                  path=f.path)
    for f in files:
        if f.tree_digest and f.tree_digest != f.chunks_digest:
            raise InvalidArgument("TREE_DIGEST_MISMATCH", f"{f.path}: tree_digest {f.tree_digest} is not the hash of "
                                  f"its chunk list ({f.chunks_digest})", path=f.path)
    files = [replace(f, tree_digest=f.chunks_digest) for f in files]
    return sorted(files, key=lambda f: f.path.encode()), manifest_format


def _validate_params(params: dict) -> dict:
    names.count(params, limits.PARAMS, "TOO_MANY_PARAMS", "params")
    for key, value in params.items():
        if not names.TAG_KEY_RE.fullmatch(key) or len(value.encode()) > limits.PARAM_VALUE_BYTES:
            raise InvalidArgument("INVALID_PARAM", f"invalid param {key!r}: keys as tag keys, values at most "
                                  f"{limits.PARAM_VALUE_BYTES} bytes", key=key, limit=limits.PARAM_VALUE_BYTES)
    total = sum(len(k.encode()) + len(v.encode()) for k, v in params.items())
    if total > limits.PARAMS_BYTES:
        raise InvalidArgument("PARAMS_TOO_LARGE", f"params hold {total} bytes of keys and values; at most "
                              f"{limits.PARAMS_BYTES}", limit=limits.PARAMS_BYTES)
    return dict(params)


def _validate_inputs(inputs: list[InputRow]) -> list[InputRow]:
    names.count(inputs, limits.INPUTS_PER_VERSION, "TOO_MANY_INPUTS", "lineage inputs per version")
    return [_validate_input(i) for i in inputs]


def _validate_input(item: InputRow) -> InputRow:
    """The input with its relation defaulted (the caller's row is left as it is)."""
    if item.version:
        names.reference(item.version)
        return replace(item, relation=names.relation(item.relation, "derived_from"))
    if item.uri:
        if len(item.uri) > limits.URI_CHARS or any(ord(c) < 0x20 for c in item.uri) \
                or len(item.digest) > limits.ARTIFACT_DIGEST_CHARS:
            raise InvalidArgument("INVALID_LINEAGE", f"invalid artifact URI {item.uri[:80]!r}: at most "
                                  f"{limits.URI_CHARS} characters without control characters, digest at most "
                                  f"{limits.ARTIFACT_DIGEST_CHARS}", limit=limits.URI_CHARS)
        if item.kind and not names.RELATION_RE.fullmatch(item.kind):
            raise InvalidArgument("INVALID_LINEAGE", f"invalid artifact kind {item.kind!r}")
        if len(item.name) > limits.ARTIFACT_NAME_CHARS or any(ord(c) < 0x20 or ord(c) == 0x7F for c in item.name):
            raise InvalidArgument("INVALID_LINEAGE", f"invalid artifact display name {item.name[:80]!r}: at most "
                                  f"{limits.ARTIFACT_NAME_CHARS} characters without control characters",
                                  limit=limits.ARTIFACT_NAME_CHARS)
        return replace(item, relation=names.relation(item.relation, "trained_on"))
    raise InvalidArgument("INVALID_LINEAGE", "an input names neither a version nor an artifact")


def _refuse_cycle(db: Reader, version: VersionRow, upstream: dict[int, str]) -> None:
    """Refuses new inputs (upstream version id -> reference) when one of them is built, at any
    depth, from `version`: walks upstream from all of them at once, one query per level, visiting
    at most limits.CYCLE_CHECK_VERSIONS versions."""
    origin = dict(zip(upstream, upstream))  # visited version -> the new input it was reached from
    frontier = list(upstream)
    while frontier:
        rows = db.lineage_rows("version_id", frontier, limit=limits.CYCLE_CHECK_VERSIONS + 1, versions_only=True)
        frontier = []
        for row in sorted(rows, key=lambda r: r["id"]):
            up = row["upstream_version_id"]
            if up == version.id:
                reference = upstream[origin[row["version_id"]]]
                raise InvalidArgument("LINEAGE_CYCLE", f"{reference} is built from {version.name}: it cannot also be "
                                      "its input (lineage has no cycles)", input=reference)
            if up not in origin:
                origin[up] = origin[row["version_id"]]
                frontier.append(up)
        if len(rows) > limits.CYCLE_CHECK_VERSIONS or len(origin) > limits.CYCLE_CHECK_VERSIONS:
            raise FailedPrecondition(
                "LINEAGE_TOO_LARGE", f"the inputs have more than {limits.CYCLE_CHECK_VERSIONS} versions upstream; "
                "the server cannot check that they do not make a cycle", limit=limits.CYCLE_CHECK_VERSIONS)


def _walk(db: Reader, reference: str, artifact_uri: str, upstream: bool, downstream: bool, depth: int,
          stop: Stop) -> LineageGraph:
    """Breadth first from the start, one query per direction and level whatever the number of nodes
    in it, then the versions reached in one batch: linear in the edges visited. A walk that would
    pass limits.LINEAGE_EDGES edges or limits.RESPONSE_BYTES is refused before anything more is
    loaded. Nodes are keyed by version id (int) or artifact URI (str) while walking."""
    if reference:
        start = _resolve(db, reference, inputs=False)
        key = start.id
    else:
        rows = db.lineage_rows("artifact_uri", [artifact_uri], limit=1)
        if not rows:
            raise NotFound("ARTIFACT_NOT_FOUND", f"no version declares {artifact_uri!r} as an input")
        start, key = _artifact(rows[0]), artifact_uri
    nodes: dict = {key: start}
    edges: dict[tuple, None] = {}
    frontier = [key]
    for _ in range(depth):
        stop.check()
        versions = [k for k in frontier if isinstance(k, int)]
        artifacts = [k for k in frontier if isinstance(k, str)]
        found = []  # (lineage row, whether the node to discover is the row's upstream end)
        if upstream and versions:
            found += [(r, True) for r in _edge_rows(db, "version_id", versions)]
        if downstream and versions:
            found += [(r, False) for r in _edge_rows(db, "upstream_version_id", versions)]
        if downstream and artifacts:
            found += [(r, False) for r in _edge_rows(db, "artifact_uri", artifacts)]
        frontier = []
        for row, towards_upstream in sorted(found, key=lambda f: f[0]["id"]):
            up = row["upstream_version_id"] if row["upstream_version_id"] is not None else row["artifact_uri"]
            edges[(up, row["version_id"], row["relation"])] = None
            other = up if towards_upstream else row["version_id"]
            if other not in nodes:
                nodes[other] = _artifact(row) if isinstance(other, str) else None
                frontier.append(other)
        if len(edges) > limits.LINEAGE_EDGES:
            raise _too_large(f"more than {limits.LINEAGE_EDGES} edges", limits.LINEAGE_EDGES)
        if not frontier:
            break
    stop.check()
    weights = db.version_weights([k for k, node in nodes.items() if node is None])
    name = {k: weights[k][0] if isinstance(k, int) else k for k in nodes if not isinstance(k, int) or k in weights}
    name[key] = start.name if reference else artifact_uri
    edges = [(name[u], name[d], r) for u, d, r in edges if u in name and d in name]  # drops versions deleted meanwhile
    weight = sum(w for _, w in weights.values()) + sum(len(k) * 2 + 16 for k in nodes if isinstance(k, str)) \
        + sum(len(u) + len(d) + len(r) + 16 for u, d, r in edges)
    if weight > limits.RESPONSE_BYTES:
        raise _too_large(f"about {weight} bytes", limits.RESPONSE_BYTES)
    for version in db.versions_by_id(list(weights), inputs=False):
        nodes[version.id] = version
    return LineageGraph(nodes=[n for n in nodes.values() if n is not None], edges=edges)


def _edge_rows(db: Reader, column: str, keys: list) -> list[dict]:
    """The lineage rows at these nodes; more than limits.LINEAGE_EDGES of them is refused at once,
    without reading the rest."""
    rows = db.lineage_rows(column, keys, limit=limits.LINEAGE_EDGES + 1)
    if len(rows) > limits.LINEAGE_EDGES:
        raise _too_large(f"more than {limits.LINEAGE_EDGES} edges", limits.LINEAGE_EDGES)
    return rows


def _too_large(what: str, limit: int) -> FailedPrecondition:
    return FailedPrecondition("LINEAGE_TOO_LARGE", f"the lineage graph at this depth has {what}, more than one "
                              "response may carry: lower depth (or walk one direction)", limit=limit)


def _artifact(row: dict) -> InputRow:
    return InputRow(relation=row["relation"], uri=row["artifact_uri"], digest=row["artifact_digest"],
                    kind=row["artifact_kind"], name=row["artifact_name"])


AMBIGUOUS_CANDIDATES = 10


def _full_digest(db: Reader, model: ModelRow, prefix: str, reference: str) -> str:
    """The one version digest of the model that starts with a short digest; NotFound if none,
    FailedPrecondition AMBIGUOUS_DIGEST naming the candidates (at most 10) if several."""
    found = db.digests_with_prefix(model, prefix, limit=AMBIGUOUS_CANDIDATES + 1)
    if not found:
        raise NotFound("VERSION_NOT_FOUND", f"{model.name} has no version whose digest starts with {prefix}",
                       reference=reference)
    if len(found) > 1:
        shown = found[:AMBIGUOUS_CANDIDATES]
        more = " and more" if len(found) > AMBIGUOUS_CANDIDATES else ""
        listed = ", ".join(f"{digest[:len(prefix) + 8]}... (v{number})" for digest, number in shown)
        raise FailedPrecondition(
            "AMBIGUOUS_DIGEST", f"{reference!r} is ambiguous: {model.name} has versions with digests {listed}{more}; "
            "give more hex digits", reference=reference, candidates=",".join(d for d, _ in shown),
            versions=",".join(str(n) for _, n in shown), more=str(bool(more)).lower())
    return found[0][0]


def _alias_target(model_id: str, version: int, target: str) -> None:
    """Checks SetAlias's `target`: a reference to a version of the alias's own model, given
    instead of a number."""
    if version:
        raise InvalidArgument("INVALID_VERSION", "give the version as a number or as a target reference, not both",
                              field="target")
    if len(target) > limits.REFERENCE_CHARS:
        raise InvalidArgument("INVALID_REFERENCE", f"a target reference is at most {limits.REFERENCE_CHARS} "
                              f"characters, got {len(target)}", limit=limits.REFERENCE_CHARS)
    other = names.reference(target).model
    if other != model_id:
        raise InvalidArgument("TARGET_OF_OTHER_MODEL", f"{target!r} is a version of {other}, not of {model_id}: "
                              "an alias points at a version of its own model", model=model_id, target_model=other)


# Filtered lists (issue 12)

ALL_MODELS = "models/-"  # ListVersions parent: every model the caller may read (AIP-159)


def _all_of(*trees):
    """The AND of checked filter trees, None among them meaning "any"."""
    items = [t for t in trees if t is not None]
    return None if not items else items[0] if len(items) == 1 else filters.And(tuple(items))


def _tag_terms(tags: dict) -> list:
    """The `tags` shorthand of the list requests as filter terms: every tag, exactly this value."""
    return [filters.Compare(filters.Field("tags", k), "=", filters.Str(v)) for k, v in sorted(tags.items())]


# Activity history (issue 13)

HISTORY_SCAN = 4096  # rows of each source one page of event_history reads at most
DENIED = "DENIED"  # the type filters see on a refused call in event_history


@dataclass
class History:
    items: list  # EventRow | DeniedRow, newest first
    next_page_token: str  # "" when nothing is older
    head: int  # the event watermark the page was read at


def _denial_record(row) -> dict:
    """A refused call as the event filters see it (event_filters.record): type DENIED, its model,
    actor and time."""
    fields = {"type": DENIED, "time": row.time, "model": row.model, "actor": row.actor}
    return {k: v for k, v in fields.items() if v not in ("", 0) or k == "time"}


def _merge_newest_first(first: list, second: list) -> list:
    """Two lists, each newest first in its own order, as one newest first; neither's order changes."""
    merged, i, j = [], 0, 0
    while i < len(first) or j < len(second):
        if j == len(second) or (i < len(first) and first[i].time >= second[j].time):
            merged.append(first[i])
            i += 1
        else:
            merged.append(second[j])
            j += 1
    return merged
def _literal_prefix(pattern: str) -> str:
    """The part of a model pattern before its first glob: every name it matches starts so."""
    for i, c in enumerate(pattern):
        if c in "*?[":
            return pattern[:i]
    return pattern
ALIAS_EVENT_SLACK = 60_000_000  # microseconds: how far an alias's event may precede its row's update_time
