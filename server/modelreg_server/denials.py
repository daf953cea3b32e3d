"""Refused calls for the audit trail, aggregated so that a flood of them costs neither a write per
call nor a row per call.

Repeats are counted in memory under one key, (minute, source, code, reason, method, model,
actor), and written every FLUSH_INTERVAL in one transaction that adds to the stored row of the
same key. At most MAX_KEYS_PER_MINUTE distinct keys are kept per minute; refusals beyond that
(say, a client cycling through random model names) are folded into one overflow key per minute
and code, with reason OTHER, so neither memory nor the table grows with what a client sends.
"""

import asyncio
import logging

from .domain import DeniedRow, now_micros
from .metadata import MetadataStore

log = logging.getLogger("modelreg.server")
FLUSH_INTERVAL = 1.0
MAX_KEYS_PER_MINUTE = 1000
MINUTE = 60_000_000
OVERFLOW_REASON = "OTHER"
MAX_MESSAGE = 1024


class DenialLog:
    def __init__(self, metadata: MetadataStore):
        self.metadata = metadata
        self._pending: dict[tuple, DeniedRow] = {}
        self._minute = 0
        self._minute_keys: set[tuple] = set()
        self._lock = asyncio.Lock()
        self._timer: asyncio.TimerHandle | None = None
        self._task: asyncio.Task | None = None

    def record(self, *, actor: str, source: str, method: str, model: str, code: str, reason: str,
               message: str) -> None:
        """Counts one refused call; it reaches the database with the next flush."""
        now = now_micros()
        minute = now // MINUTE
        if minute != self._minute:
            self._minute, self._minute_keys = minute, set()
        row = DeniedRow(id=0, time=now, actor=actor, method=method, model=model, code=code, reason=reason,
                        message=message[:MAX_MESSAGE], source=source, count=1, first_time=now, minute=minute)
        if row.key not in self._minute_keys and len(self._minute_keys) >= MAX_KEYS_PER_MINUTE:
            row = DeniedRow(id=0, time=now, actor="", method="", model="", code=code, reason=OVERFLOW_REASON,
                            message=f"refused calls beyond {MAX_KEYS_PER_MINUTE} distinct kinds in one minute",
                            count=1, first_time=now, minute=minute)
        self._minute_keys.add(row.key)
        self._add(row)
        self._schedule()

    def pending(self) -> int:
        return sum(row.count for row in self._pending.values())

    async def flush(self) -> None:
        """Writes what is pending in one transaction. On failure (e.g. the disk is full) the counts
        are kept for the next attempt; recording never fails the call that was refused."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        async with self._lock:
            batch, self._pending = self._pending, {}
            if not batch:
                return
            rows = list(batch.values())
            try:
                await self.metadata.transact(lambda tx: tx.add_denials(rows))
            except Exception:
                log.exception("could not record %d refused call(s); retrying", sum(r.count for r in rows))
                for row in rows:
                    if len(self._pending) < 2 * MAX_KEYS_PER_MINUTE or row.key in self._pending:
                        self._add(row)
                self._schedule()

    async def close(self) -> None:
        """Writes what is pending (at shutdown, before the writer thread stops)."""
        await self.flush()

    def _add(self, row: DeniedRow) -> None:
        held = self._pending.get(row.key)
        if held is None:
            self._pending[row.key] = row
            return
        held.count += row.count
        held.first_time = min(held.first_time, row.first_time)
        if row.time >= held.time:
            held.time, held.message = row.time, row.message

    def _schedule(self) -> None:
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(FLUSH_INTERVAL, self._flush_soon)

    def _flush_soon(self) -> None:
        self._timer = None
        self._task = asyncio.ensure_future(self.flush())
