"""Charts as inline SVG drawn on the server: no JavaScript chart library, and an exported report
keeps them (it is one HTML file with no external request)."""

import time
from collections import Counter

from markupsafe import Markup, escape


def sparkline(values: list[float | None], *, width: int = 80, height: int = 18, title: str = "") -> Markup:
    """A polyline of VALUES left to right (None: a gap in the data, skipped); empty when fewer than two."""
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return Markup("")
    low, high = min(v for _, v in points), max(v for _, v in points)
    span, last = (high - low) or 1.0, len(values) - 1 or 1
    xy = " ".join(f"{i * (width - 2) / last + 1:.1f},{height - 1 - (v - low) * (height - 2) / span:.1f}"
                  for i, v in points)
    label = f"<title>{escape(title)}</title>" if title else ""
    return Markup(f'<svg class="sparkline" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
                  f'role="img">{label}<polyline fill="none" stroke="currentColor" stroke-width="1.5" '
                  f'points="{xy}"/></svg>')


HIGHLIGHT = "#d9480f"  # the compared versions, the version a lineage graph is about
LABELLED_POINTS = 40  # a chart with more points labels only the highlighted ones, the first and the last


def _number(value: float) -> str:
    return f"{value:.4g}"


def metric_chart(points: list[tuple[int, float | None]], *, highlight: set[int], title: str, note: str = "",
                 width: int = 760, height: int = 260) -> Markup:
    """A line chart of one metric over version numbers (POINTS: (number, value or None), any order),
    x proportional to the number so that gaps in the numbering show. Every point has a tooltip;
    points are labelled with their version numbers (only the HIGHLIGHTED ones, the first and the
    last when there are more than LABELLED_POINTS)."""
    shown = sorted((n, v) for n, v in points if v is not None)
    head = (f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'font-family="system-ui, sans-serif" font-size="11"><title>{escape(title)}</title>'
            f'<text x="8" y="16" font-size="13" font-weight="600">{escape(title)}</text>'
            f'<text x="{width - 8}" y="16" text-anchor="end" fill="#666">{escape(note)}</text>')
    if not shown:
        return Markup(head + f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="#666">'
                      'no version of this model has this metric</text></svg>')
    left, right, top, bottom = 60, 20, 40, 36
    first, last = shown[0][0], shown[-1][0]
    low, high = min(v for _, v in shown), max(v for _, v in shown)
    pad = (high - low) * 0.12 or abs(high) * 0.12 or 1.0
    low, high = low - pad, high + pad

    def x(n: int) -> float:  # 14 px inside the axes, so that no point sits on one
        return left + 14 + (n - first) * (width - left - right - 28) / (last - first) if last != first \
            else (left + width - right) / 2

    def y(v: float) -> float:
        return height - bottom - (v - low) * (height - top - bottom) / (high - low)

    parts = [head, f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" '
             'stroke="#999"/>', f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#999"/>']
    for i in range(5):  # horizontal grid lines with their values
        v = low + (high - low) * i / 4
        parts.append(f'<line x1="{left}" y1="{y(v):.1f}" x2="{width - right}" y2="{y(v):.1f}" stroke="#eee"/>'
                     f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="#555">{_number(v)}</text>')
    parts.append(f'<text x="{(left + width - right) / 2}" y="{height - 4}" text-anchor="middle" fill="#555">'
                 'version</text>')
    if len(shown) > 1:
        xy = " ".join(f"{x(n):.1f},{y(v):.1f}" for n, v in shown)
        parts.append(f'<polyline fill="none" stroke="#1f3a5f" stroke-width="1.5" points="{xy}"/>')
    label_all = len(shown) <= LABELLED_POINTS
    for n, v in shown:
        marked = n in highlight
        parts.append(f'<circle class="{"point hl" if marked else "point"}" data-version="{n}" cx="{x(n):.1f}" '
                     f'cy="{y(v):.1f}" r="{5 if marked else 3 if label_all else 1.5}" fill="{HIGHLIGHT if marked else "#1f3a5f"}">'
                     f'<title>version {n}: {_number(v)}</title></circle>')
        if label_all or marked or n in (first, last):
            weight = ' font-weight="700"' if marked else ""
            parts.append(f'<text x="{x(n):.1f}" y="{y(v) - 9:.1f}" text-anchor="middle"{weight} '
                         f'fill="{HIGHLIGHT if marked else "#333"}">{n}</text>')
        if marked or n in (first, last):
            parts.append(f'<text x="{x(n):.1f}" y="{height - bottom + 14}" text-anchor="middle" '
                         f'fill="#555">{n}</text>')
    return Markup("".join(parts) + "</svg>")


NODE_W, NODE_H, COLUMN_GAP, ROW_GAP = 200, 44, 110, 18
LABELLED_EDGES = 60  # a graph with more edges names their relations only in tooltips


def lineage_graph(nodes: list[dict], edges: list[tuple[str, str, str]]) -> Markup:
    """A layered drawing of a lineage graph: one column per level (negative: upstream, to the
    left; 0: the version itself; positive: downstream), edges as curves from an input to what was
    built from it. NODES: dicts with key, level, label, detail, href ("" for a plain box) and
    optional start. Within a column, nodes are ordered by where their neighbours nearer the middle
    sit (barycentre), so that edges cross less."""
    columns: dict[int, list[dict]] = {}
    for node in nodes:
        columns.setdefault(node["level"], []).append(node)
    near: dict[str, list[str]] = {}
    level = {n["key"]: n["level"] for n in nodes}
    for up, down, _ in edges:
        near.setdefault(up, []).append(down)
        near.setdefault(down, []).append(up)
    row: dict[str, int] = {}
    for lvl in sorted(columns, key=lambda lv: (abs(lv), lv)):
        def weight(node, lvl=lvl):
            inner = [row[k] for k in near.get(node["key"], ()) if k in row and abs(level[k]) < abs(lvl)]
            return (sum(inner) / len(inner) if inner else float("inf"), node["label"])
        columns[lvl].sort(key=weight)
        row.update((n["key"], i) for i, n in enumerate(columns[lvl]))
    levels = sorted(columns)
    tallest = max(len(c) for c in columns.values())
    width = len(levels) * (NODE_W + COLUMN_GAP) - COLUMN_GAP + 20
    height = tallest * (NODE_H + ROW_GAP) - ROW_GAP + 50
    place = {}
    for ci, lvl in enumerate(levels):
        offset = (tallest - len(columns[lvl])) * (NODE_H + ROW_GAP) / 2
        for i, node in enumerate(columns[lvl]):
            place[node["key"]] = (10 + ci * (NODE_W + COLUMN_GAP), 40 + offset + i * (NODE_H + ROW_GAP))
    parts = [f'<svg class="lineage" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             'font-family="system-ui, sans-serif" font-size="12"><title>lineage graph</title>'
             '<defs><marker id="lineage-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
             'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#888"/></marker></defs>']
    for ci, lvl in enumerate(levels):
        heading = "this version" if lvl == 0 else f"{'upstream' if lvl < 0 else 'downstream'} {abs(lvl)}"
        parts.append(f'<text x="{10 + ci * (NODE_W + COLUMN_GAP) + NODE_W / 2}" y="20" text-anchor="middle" '
                     f'fill="#666">{heading}</text>')
    fan_out, fan_in = Counter(e[0] for e in edges), Counter(e[1] for e in edges)
    for up, down, relation in edges:
        (x1, y1), (x2, y2) = place[up], place[down]
        x1, y1, y2 = x1 + NODE_W, y1 + NODE_H / 2, y2 + NODE_H / 2
        bend = max(40, abs(x2 - x1) / 2)
        parts.append(f'<path class="edge" d="M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} '
                     f'{x2:.1f},{y2:.1f}" fill="none" stroke="#888" stroke-width="1.3" '
                     f'marker-end="url(#lineage-arrow)"><title>{escape(relation)}</title></path>')
        if len(edges) <= LABELLED_EDGES:  # named at the end where edges fan out, so that labels do not pile up
            at_down = fan_out[up] >= fan_in[down]
            lx, ly, anchor = (x2 - 8, y2 - 6, "end") if at_down else (x1 + 8, y1 - 6, "start")
            parts.append(f'<text class="relation" x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" font-size="10" '
                         f'fill="#777" stroke="#fff" stroke-width="3" paint-order="stroke">{escape(relation)}</text>')
    for node in nodes:
        x, y = place[node["key"]]
        start = node.get("start", False)
        fill, stroke = ("#fff4e6", HIGHLIGHT) if start else ("#eef3fa", "#1f3a5f") if node["href"] else \
            ("#f4f4f4", "#999")
        label = node["label"] if len(node["label"]) <= 28 else node["label"][:27] + "…"
        box = (f'<rect x="{x}" y="{y:.1f}" width="{NODE_W}" height="{NODE_H}" rx="6" fill="{fill}" '
               f'stroke="{stroke}" stroke-width="{2 if start else 1}"/>'
               f'<text x="{x + 10}" y="{y + 18:.1f}" font-weight="600" fill="#1f3a5f">{escape(label)}</text>'
               f'<text x="{x + 10}" y="{y + 34:.1f}" fill="#666" font-size="11">{escape(node["detail"][:34])}</text>'
               f'<title>{escape(node["key"])}</title>')
        if node["href"]:
            external = "" if node["href"].startswith("/") else ' rel="noopener noreferrer nofollow"'
            parts.append(f'<a class="node" href="{escape(node["href"])}"{external} data-key="{escape(node["key"])}">{box}</a>')
        else:
            parts.append(f'<g class="node" data-key="{escape(node["key"])}">{box}</g>')
    return Markup("".join(parts) + "</svg>")


PALETTE = ("#1f3a5f", "#2b8a3e", "#d9480f", "#7048e8", "#0b7285", "#c2255c", "#e67700", "#495057")
ROW_H, LABEL_W = 26, 110


def _time_label(us: int, span: int | None) -> str:
    """A tick's label, as precise as a chart of SPAN microseconds needs; None: the full time."""
    if span is None:
        return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(us / 1e6))
    fmt = "%H:%M:%S" if span < 3600 * 10**6 else "%m-%d %H:%M" if span < 10 * 86400 * 10**6 else "%Y-%m-%d"
    return time.strftime(fmt, time.gmtime(us / 1e6))


def alias_timeline(timeline: dict, *, now: int | None = None, width: int = 760) -> Markup:
    """One row per alias, a bar per version that held it from its start to its end
    (timeline.alias_spans); a span whose start is unknown begins at the left edge, dashed. The
    version's colour is the same in every row, so that a version moving between aliases shows.
    Open spans run to NOW (default: the clock)."""
    aliases = timeline["aliases"]
    top, bottom = 28, 24
    height = top + max(1, len(aliases)) * ROW_H + bottom
    end = now if now is not None else int(time.time() * 1e6)
    start = timeline["start"] if timeline["start"] is not None else end
    head = (f'<svg class="alias-timeline" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" font-family="system-ui, sans-serif" font-size="11"><title>alias holders over time</title>'
            f'<text x="8" y="16" font-size="13" font-weight="600">Alias holders over time</text>')
    if not aliases:
        return Markup(head + f'<text x="{width / 2}" y="{top + 16}" text-anchor="middle" fill="#666">'
                      'no alias has been set on this model</text></svg>')
    left, right = LABEL_W, width - 12
    origin = start - max((end - start) // 20, 1_000_000)  # room on the left for spans of unknown start
    total = max(end - origin, 1)

    def x(us: int | None) -> float:
        return left + ((us if us is not None else origin) - origin) * (right - left) / total

    parts = [head]
    for i in range(5):
        t = origin + total * i // 4
        parts.append(f'<line x1="{x(t):.1f}" y1="{top - 4}" x2="{x(t):.1f}" y2="{height - bottom}" stroke="#eee"/>'
                     f'<text x="{x(t):.1f}" y="{height - 8}" text-anchor="{"start" if i == 0 else "end" if i == 4 else "middle"}" '
                     f'fill="#555">{_time_label(t, total)}</text>')
    versions = sorted({s["version"] for a in aliases for s in a["spans"]})
    colour = {v: PALETTE[i % len(PALETTE)] for i, v in enumerate(versions)}
    for row, a in enumerate(aliases):
        y = top + row * ROW_H
        parts.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end" font-weight="600">{escape(a["alias"])}</text>')
        for s in a["spans"]:
            x1, x2 = x(s["start"]), x(s["end"] if s["end"] is not None else end)
            w = max(x2 - x1, 2.0)
            since = _time_label(s["start"], None) if s["start"] is not None else "before the events kept"
            until = "now" if s["open"] else _time_label(s["end"], None)
            by = f", set by {s['actor']}" if s["actor"] else ""
            dash = ' stroke-dasharray="3 2" stroke="#333"' if s["start"] is None else ""
            parts.append(f'<g class="span" data-alias="{escape(a["alias"])}" data-version="{s["version"]}" '
                         f'data-start="{s["start"] if s["start"] is not None else ""}" data-end="{s["end"] or ""}" '
                         f'data-open="{"1" if s["open"] else "0"}">'
                         f'<rect x="{x1:.1f}" y="{y + 3}" width="{w:.1f}" height="{ROW_H - 6}" rx="3" '
                         f'fill="{colour[s["version"]]}" fill-opacity="0.85"{dash}/>'
                         f'<title>{escape(a["alias"])} → version {s["version"]}: {since} – {until}{escape(by)}</title>')
            if w > 26:
                parts.append(f'<text x="{x1 + 5:.1f}" y="{y + 17}" fill="#fff" font-weight="600">v{s["version"]}</text>')
            parts.append("</g>")
    return Markup("".join(parts) + "</svg>")


def production_chart(buckets: list[dict], *, title: str, start: int, end: int, note: str = "",
                     width: int = 760, height: int = 220) -> Markup:
    """A metric over time (microseconds START..END): the mean per step as a line, the p50–p99 of
    each step as a band behind it (when given). BUCKETS: dicts with start, mean, p50, p99, count
    (steps without points left out, so that gaps show as gaps)."""
    head = (f'<svg class="chart production" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" font-family="system-ui, sans-serif" font-size="11"><title>{escape(title)}</title>'
            f'<text x="8" y="16" font-size="13" font-weight="600">{escape(title)}</text>'
            f'<text x="{width - 8}" y="16" text-anchor="end" fill="#666">{escape(note)}</text>')
    shown = sorted((b for b in buckets if b.get("mean") is not None), key=lambda b: b["start"])
    if not shown:
        return Markup(head + f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="#666">'
                      'no points in this window</text></svg>')
    left, right, top, bottom = 60, 20, 30, 28
    values = [v for b in shown for v in (b["mean"], b.get("p50"), b.get("p99")) if v is not None]
    low, high = min(values), max(values)
    pad = (high - low) * 0.12 or abs(high) * 0.12 or 1.0
    low, high = low - pad, high + pad
    total = max(end - start, 1)

    def x(us: int) -> float:
        return left + (us - start) * (width - left - right) / total

    def y(v: float) -> float:
        return height - bottom - (v - low) * (height - top - bottom) / (high - low)

    parts = [head, f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#999"/>']
    for i in range(5):
        v = low + (high - low) * i / 4
        parts.append(f'<line x1="{left}" y1="{y(v):.1f}" x2="{width - right}" y2="{y(v):.1f}" stroke="#eee"/>'
                     f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="#555">{_number(v)}</text>')
        t = start + total * i // 4
        parts.append(f'<text x="{x(t):.1f}" y="{height - 8}" text-anchor="{"start" if i == 0 else "end" if i == 4 else "middle"}" '
                     f'fill="#555">{_time_label(t, total)}</text>')
    band = [b for b in shown if b.get("p50") is not None and b.get("p99") is not None]
    if len(band) > 1:
        upper = " ".join(f"{x(b['start']):.1f},{y(max(b['p50'], b['p99'])):.1f}" for b in band)
        lower = " ".join(f"{x(b['start']):.1f},{y(min(b['p50'], b['p99'])):.1f}" for b in reversed(band))
        parts.append(f'<polygon class="band" points="{upper} {lower}" fill="#1f3a5f" fill-opacity="0.15">'
                     '<title>p50–p99 per step</title></polygon>')
    if len(shown) > 1:
        xy = " ".join(f"{x(b['start']):.1f},{y(b['mean']):.1f}" for b in shown)
        parts.append(f'<polyline class="mean" fill="none" stroke="#1f3a5f" stroke-width="1.5" points="{xy}"/>')
    for b in shown:
        extra = "".join(f", {k} {_number(b[k])}" for k in ("p50", "p99") if b.get(k) is not None)
        parts.append(f'<circle class="point" data-start="{b["start"]}" data-mean="{b["mean"]!r}" cx="{x(b["start"]):.1f}" '
                     f'cy="{y(b["mean"]):.1f}" r="2.5" fill="#1f3a5f"><title>{_time_label(b["start"], None)}: mean '
                     f'{_number(b["mean"])}{extra} ({b.get("count", 0)} points)</title></circle>')
    return Markup("".join(parts) + "</svg>")


def overlay_chart(lines: list[dict], spans: list[dict], *, title: str, start: int, end: int,
                  width: int = 760, height: int = 220) -> Markup:
    """One metric of several versions over time (LINES: {version, buckets [{start, mean, count}]}),
    the spans in which each held an alias (SPANS: {alias, version, start, end}) shaded behind in
    the version's colour and named at the top, so that a change of holder lines up with the
    metric's change."""
    head = (f'<svg class="chart overlay" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" font-family="system-ui, sans-serif" font-size="11"><title>{escape(title)}</title>'
            f'<text x="8" y="16" font-size="13" font-weight="600">{escape(title)}</text>')
    left, right, top, bottom = 60, 20, 40, 28
    total = max(end - start, 1)
    versions = sorted({s["version"] for s in spans} | {ln["version"] for ln in lines})
    colour = {v: PALETTE[i % len(PALETTE)] for i, v in enumerate(versions)}

    def x(us: int) -> float:
        return left + (us - start) * (width - left - right) / total

    parts = [head]
    aliases = sorted({s["alias"] for s in spans})
    lane = (top - 22) / max(len(aliases), 1)
    for s in spans:
        x1, x2 = x(s["start"]), x(s["end"])
        row = aliases.index(s["alias"])
        parts.append(f'<g class="held" data-alias="{escape(s["alias"])}" data-version="{s["version"]}">'
                     f'<rect x="{x1:.1f}" y="{top}" width="{max(x2 - x1, 1):.1f}" height="{height - top - bottom}" '
                     f'fill="{colour[s["version"]]}" fill-opacity="0.07"/>'
                     f'<rect x="{x1:.1f}" y="{22 + row * lane:.1f}" width="{max(x2 - x1, 1):.1f}" height="{max(lane - 2, 2):.1f}" '
                     f'fill="{colour[s["version"]]}" fill-opacity="0.6"/>'
                     f'<title>{escape(s["alias"])} → version {s["version"]}</title></g>')
    values = [b["mean"] for ln in lines for b in ln["buckets"]]
    if not values:
        parts.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="#666">'
                     'no points of the alias holders in this window</text>')
        return Markup("".join(parts) + "</svg>")
    low, high = min(values), max(values)
    pad = (high - low) * 0.12 or abs(high) * 0.12 or 1.0
    low, high = low - pad, high + pad

    def y(v: float) -> float:
        return height - bottom - (v - low) * (height - top - bottom) / (high - low)

    for i in range(5):
        v = low + (high - low) * i / 4
        parts.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="#555">{_number(v)}</text>')
        t = start + total * i // 4
        parts.append(f'<text x="{x(t):.1f}" y="{height - 8}" text-anchor="{"start" if i == 0 else "end" if i == 4 else "middle"}" '
                     f'fill="#555">{_time_label(t, total)}</text>')
    for ln in lines:
        c = colour[ln["version"]]
        points = sorted(ln["buckets"], key=lambda b: b["start"])
        parts.append(f'<g class="line" data-version="{ln["version"]}">')
        if len(points) > 1:
            xy = " ".join(f"{x(b['start']):.1f},{y(b['mean']):.1f}" for b in points)
            parts.append(f'<polyline fill="none" stroke="{c}" stroke-width="1.5" points="{xy}"/>')
        for b in points:
            parts.append(f'<circle cx="{x(b["start"]):.1f}" cy="{y(b["mean"]):.1f}" r="2.5" fill="{c}">'
                         f'<title>version {ln["version"]}, {_time_label(b["start"], None)}: {_number(b["mean"])}</title></circle>')
        parts.append("</g>")
    return Markup("".join(parts) + "</svg>")
