"""Which version held each alias of a model, from when to when: spans built from the model's
alias events (Registry.alias_history), for the model page's timeline (svg.alias_timeline), its
JSON form and its report. Times are microseconds since the epoch."""


def alias_spans(events: list, current: dict[str, int]) -> dict:
    """{"start", "end", "aliases": [{"alias", "spans": [{"version", "start", "end", "actor",
    "open"}]}]} from EVENTS (any order) and the aliases the model has now (CURRENT). A span's
    `start` is None when its beginning is older than the events read (compacted, or past the
    limit): the holder named by the first event's previous_version, or an alias with no event at
    all; `open` marks the span still running (its `end` is None: until now). Nothing here depends
on the clock, so two loads of a page give the same data; the drawing extends open spans to now.
`end` is the newest event's time."""
    events = sorted(events, key=lambda e: (e.time, e.sequence))
    holders: dict[str, dict] = {}
    spans: dict[str, list] = {}
    for e in events:
        held = holders.pop(e.alias, None)
        if held is None and e.previous_version:
            held = {"version": e.previous_version, "start": None, "actor": ""}
        if held is not None:
            spans.setdefault(e.alias, []).append({**held, "end": e.time, "open": False})
        if e.type == "ALIAS_SET":
            holders[e.alias] = {"version": e.version, "start": e.time, "actor": e.actor}
        else:
            spans.setdefault(e.alias, [])
    for alias, version in current.items():
        if alias == "latest":
            continue
        if alias not in holders or holders[alias]["version"] != version:
            holders[alias] = {"version": version, "start": None, "actor": ""}
    for alias, held in holders.items():
        spans.setdefault(alias, []).append({**held, "end": None, "open": True})
    times = [e.time for e in events]
    return {"start": min(times, default=None), "end": max(times, default=None),
            "aliases": [{"alias": a, "spans": spans[a]} for a in sorted(spans)]}
