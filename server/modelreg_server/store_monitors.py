"""The SQL of monitors (schema migration 16), shared by SQLite and PostgreSQL: mixed into
store.Reader and store.Writer, kept apart so the monitor tables change in one small file."""

import json
import math

from .domain import MonitorRow, TransitionRow

_COLUMNS = ("alias", "metric", "aggregation", "window_micros", "condition_kind", "threshold", "baseline", "by_percent",
            "higher_is_worse", "min_samples", "for_micros", "cooldown_micros", "rollback", "labels", "description",
            "principal", "creator", "state", "state_time", "breach_since", "fired", "evaluate_time", "value",
            "samples", "evaluated_version", "rollback_time")
_SELECT = "SELECT mo.*, m.name AS model_name FROM monitors mo JOIN models m ON m.id = mo.model_id"


def _nan(value):
    return None if value is None or math.isnan(value) else float(value)


def _float(value) -> float:
    return float("nan") if value is None else float(value)


def _values(row: MonitorRow) -> list:
    return [row.alias, row.metric, row.aggregation, row.window, row.condition, _nan(row.threshold), row.baseline,
            row.by_percent, int(row.higher_is_worse), row.min_samples, row.for_duration, row.cooldown, int(row.rollback),
            json.dumps(row.labels, sort_keys=True), row.description, row.principal, row.creator, row.state,
            row.state_time, row.breach_since, int(row.fired), row.evaluate_time, _nan(row.value), row.samples,
            row.evaluated_version, row.rollback_time]


def _monitor(r: dict) -> MonitorRow:
    return MonitorRow(
        id=r["id"], model=r["model_name"], monitor_id=r["monitor_id"], alias=r["alias"], metric=r["metric"],
        aggregation=r["aggregation"], window=r["window_micros"], condition=r["condition_kind"],
        threshold=_float(r["threshold"]), baseline=r["baseline"], by_percent=r["by_percent"],
        higher_is_worse=bool(r["higher_is_worse"]), min_samples=r["min_samples"], for_duration=r["for_micros"],
        cooldown=r["cooldown_micros"], rollback=bool(r["rollback"]), labels=json.loads(r["labels"]),
        description=r["description"], principal=r["principal"], creator=r["creator"], state=r["state"],
        state_time=r["state_time"], breach_since=r["breach_since"], fired=bool(r["fired"]),
        evaluate_time=r["evaluate_time"], value=_float(r["value"]), samples=r["samples"],
        evaluated_version=r["evaluated_version"], rollback_time=r["rollback_time"], create_time=r["create_time"])


def _transition(r: dict) -> TransitionRow:
    return TransitionRow(**{**r, "value": _float(r["value"]), "threshold": _float(r["threshold"])})


class MonitorReads:
    def monitor(self, monitor_id: str) -> MonitorRow | None:
        """A monitor by id (ids are unique across models: each names its service account)."""
        rows = self._rows(f"{_SELECT} WHERE mo.monitor_id = ?", [monitor_id])
        return _monitor(rows[0]) if rows else None

    def monitors(self, *, model: str = "", after: tuple = ("", ""), limit: int = 2**31) -> list[MonitorRow]:
        """Monitors of one model ("" every model) by (model, id), after a (model, id) key."""
        sql = f"{_SELECT} WHERE (m.name > ? OR (m.name = ? AND mo.monitor_id > ?))"
        params = [after[0], after[0], after[1]]
        if model:
            sql, params = sql + " AND m.name = ?", params + [model]
        rows = self._rows(sql + " ORDER BY m.name, mo.monitor_id LIMIT ?", params + [limit])
        return [_monitor(r) for r in rows]

    def monitor_count(self, model_id: int) -> int:
        return self._rows("SELECT count(*) AS n FROM monitors WHERE model_id = ?", [model_id])[0]["n"]

    def monitor_transitions(self, monitor_row_id: int, *, before: int, limit: int) -> list[TransitionRow]:
        """Newest first, numbers strictly below `before`."""
        rows = self._rows("SELECT * FROM monitor_transitions WHERE monitor_id = ? AND number < ? "
                          "ORDER BY number DESC LIMIT ?", [monitor_row_id, before, limit])
        return [_transition(r) for r in rows]


class MonitorWrites:
    def insert_monitor(self, model_id: int, row: MonitorRow) -> MonitorRow:
        self.db.run(f"INSERT INTO monitors (model_id, monitor_id, create_time, {', '.join(_COLUMNS)}) "
                    f"VALUES (?, ?, ?, {', '.join('?' * len(_COLUMNS))})",
                    [model_id, row.monitor_id, row.create_time, *_values(row)])
        return self.monitor(row.monitor_id)

    def update_monitor(self, row: MonitorRow) -> None:
        """Writes every field but the ids and create time."""
        self.db.run(f"UPDATE monitors SET {', '.join(c + ' = ?' for c in _COLUMNS)} WHERE id = ?",
                    [*_values(row), row.id])

    def delete_monitor(self, row: MonitorRow) -> None:
        self.db.run("DELETE FROM monitor_transitions WHERE monitor_id = ?", [row.id])
        self.db.run("DELETE FROM monitors WHERE id = ?", [row.id])

    def insert_transition(self, row: TransitionRow) -> int:
        """Adds a transition numbered after the monitor's last one; returns its number."""
        last = self._rows("SELECT max(number) AS n FROM monitor_transitions WHERE monitor_id = ?",
                          [row.monitor_id])[0]["n"] or 0
        self.db.run("INSERT INTO monitor_transitions (monitor_id, number, time, from_state, to_state, version, value, "
                    "samples, threshold, event_sequence, rollback_version, rollback_skipped) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [row.monitor_id, last + 1, row.time, row.from_state, row.to_state, row.version, _nan(row.value),
                     row.samples, _nan(row.threshold), row.event_sequence, row.rollback_version, row.rollback_skipped])
        return last + 1

    def claim_monitor_lease(self, owner: str, *, until: int, expired_before: int) -> bool:
        """Takes or renews the one evaluator lease (as claim_webhook_lease): one replica evaluates."""
        return self.db.run("UPDATE monitor_lease SET owner = ?, lease_until = ? WHERE id = 1 AND "
                           "(owner = ? OR lease_until < ?)", [owner, until, owner, expired_before]) == 1

    def release_monitor_lease(self, owner: str | None) -> None:
        """Frees the lease if owner holds it (None: whoever does)."""
        if owner is None:
            self.db.run("UPDATE monitor_lease SET owner = '', lease_until = 0 WHERE id = 1")
        else:
            self.db.run("UPDATE monitor_lease SET owner = '', lease_until = 0 WHERE id = 1 AND owner = ?", [owner])
