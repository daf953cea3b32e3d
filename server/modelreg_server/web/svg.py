"""Charts as inline SVG drawn on the server: no JavaScript chart library, and an exported report
keeps them (it is one HTML file with no external request)."""

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
