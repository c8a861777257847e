"""The route map on a driver manifest: streets, shop, numbered stops, route line, scale bar.

Drawn as vectors (no tiles: the counter PC is often offline), in a flat projection that is
exact enough inside a 10-mile radius: x = longitude scaled by cos(mean latitude), y =
latitude, both in miles. The run is fitted to the box with its aspect kept, so the scale
bar is true in both directions. With a street map, its roads are drawn in light greys under
a black route line (legible on a black-and-white printer), the longer streets carry their
names, and the map credits OpenStreetMap's contributors.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from labels.data import ManifestStop, MapRoad, Shop
from labels.fonts import BOLD, REGULAR

MILES_PER_DEGREE = 69.09
NICE_MILES = (0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 50, 100)
PAD = 14.0
NORTH_W = 16.0
SCALE_H = 12.0


@dataclass(frozen=True, slots=True)
class Projection:
    """Maps (lat, lon) to points inside a box."""

    lat0: float
    cos_lat0: float
    min_x: float
    min_y: float
    scale: float  # points per mile
    left: float
    bottom: float

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        x = lon * self.cos_lat0 * MILES_PER_DEGREE
        y = lat * MILES_PER_DEGREE
        return (
            self.left + (x - self.min_x) * self.scale,
            self.bottom + (y - self.min_y) * self.scale,
        )


def fit_projection(
    points: Sequence[tuple[float, float]], x: float, y: float, width: float, height: float
) -> Projection:
    """Projection that fits ``points`` (lat, lon) into the box, centred, aspect kept."""
    lat0 = sum(lat for lat, _ in points) / len(points)
    cos_lat0 = math.cos(math.radians(lat0))
    xs = [lon * cos_lat0 * MILES_PER_DEGREE for _, lon in points]
    ys = [lat * MILES_PER_DEGREE for lat, _ in points]
    span_x = max(max(xs) - min(xs), 0.25)
    span_y = max(max(ys) - min(ys), 0.25)
    # Keep clear of the north arrow (top right) and the scale bar (bottom).
    inner_w, inner_h = width - 2 * PAD - NORTH_W, height - 2 * PAD - SCALE_H
    scale = min(inner_w / span_x, inner_h / span_y)
    centre_x, centre_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    min_x = centre_x - inner_w / scale / 2
    min_y = centre_y - inner_h / scale / 2
    return Projection(lat0, cos_lat0, min_x, min_y, scale, x + PAD, y + PAD + SCALE_H)


def _point(lat: float | None, lon: float | None) -> tuple[float, float] | None:
    """(lat, lon) when both are real coordinates on the globe, else None."""
    if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def nice_distance(max_miles: float) -> float:
    """Largest round distance not longer than ``max_miles`` (for the scale bar)."""
    fitting = [d for d in NICE_MILES if d <= max_miles]
    return fitting[-1] if fitting else NICE_MILES[0]


def _draw_scale_bar(canvas: Canvas, proj: Projection, x: float, y: float, width: float) -> None:
    miles = nice_distance(width * 0.3 / proj.scale)
    length = miles * proj.scale
    left, base = x + 8, y + 8
    label = f"{miles:g} mi" if miles >= 1 else f"{miles:g} mi ({miles * 5280:.0f} ft)"
    canvas.saveState()  # a white ground, so that streets under the bar do not blur it
    canvas.setFillGray(1)
    ground = length + 8 + canvas.stringWidth(label, REGULAR, 7)
    canvas.rect(left - 3, base - 3, ground + 6, 12, stroke=0, fill=1)
    canvas.restoreState()
    canvas.setLineWidth(1)
    canvas.rect(left, base, length, 4, stroke=1, fill=0)
    canvas.rect(left, base, length / 2, 4, stroke=0, fill=1)
    canvas.setFont(REGULAR, 7)
    canvas.drawString(left + length + 4, base, label)


def _draw_north(canvas: Canvas, right: float, top: float) -> None:
    path = canvas.beginPath()
    path.moveTo(right - 12, top - 22)
    path.lineTo(right - 8, top - 10)
    path.lineTo(right - 4, top - 22)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.setFont(BOLD, 7)
    canvas.drawCentredString(right - 8, top - 8 - 1, "N")


def _draw_route(
    canvas: Canvas, points: Sequence[tuple[float, float]], *, on_streets: bool = False
) -> None:
    if len(points) < 2:
        return
    canvas.saveState()
    canvas.setLineJoin(1)
    canvas.setLineCap(1)
    path = canvas.beginPath()
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    if on_streets:  # a white casing lifts the route off the grey streets
        canvas.setStrokeGray(1)
        canvas.setLineWidth(3.6)
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.setStrokeGray(0)
        canvas.setLineWidth(1.6)
    else:
        canvas.setStrokeGray(0.35)
        canvas.setLineWidth(1.4)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()


#: Grey and width (points) per road kind: motorway, major, collector, minor, service.
ROAD_STYLES = ((0.62, 2.4), (0.7, 1.8), (0.76, 1.3), (0.8, 0.9), (0.86, 0.5))
NAME_SIZE = 5.5
ATTRIBUTION = "© OpenStreetMap contributors"
#: The legend of the dashed ring, printed when a stop of the map has one.
APPROXIMATE_NOTE = "Dashed ring: the stop's place is approximate (street or ZIP code only)"


def _draw_roads(canvas: Canvas, proj: Projection, roads: Sequence[MapRoad]) -> None:
    """The streets, minor ones first; then the names of those with room along them."""
    canvas.saveState()
    canvas.setLineJoin(1)
    canvas.setLineCap(1)
    for kind in reversed(range(len(ROAD_STYLES))):
        gray, width = ROAD_STYLES[kind]
        path = canvas.beginPath()
        drawn = False
        for road in roads:
            if road.kind != kind or len(road.points) < 2:
                continue
            points = [proj(*p) for p in road.points if _point(*p) is not None]
            if len(points) < 2:
                continue
            path.moveTo(*points[0])
            for point in points[1:]:
                path.lineTo(*point)
            drawn = True
        if drawn:
            canvas.setStrokeGray(gray)
            canvas.setLineWidth(width)
            canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()


def _draw_street_names(
    canvas: Canvas, proj: Projection, roads: Sequence[MapRoad], box: tuple[float, ...]
) -> None:
    """Each street's name once, along its longest straight piece inside `box` (x, y, width,
    height) when the name fits on it."""
    left, bottom, box_w, box_h = box

    def inside(px: float, py: float) -> bool:
        return left + 20 < px < left + box_w - 20 and bottom + 18 < py < bottom + box_h - 14

    best: dict[str, tuple[float, tuple[float, float], tuple[float, float]]] = {}
    for road in roads:
        if not road.name or road.kind >= 4:
            continue
        points = [proj(*p) for p in road.points if _point(*p) is not None]
        for a, b in _straight_stretches(points):
            length = math.hypot(b[0] - a[0], b[1] - a[1])
            middle = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
            if length > best.get(road.name, (0.0,))[0] and inside(*middle):
                best[road.name] = (length, a, b)
    canvas.saveState()
    canvas.setFont(REGULAR, NAME_SIZE)
    for name, (length, a, b) in best.items():
        width = canvas.stringWidth(name, REGULAR, NAME_SIZE)
        if width + 6 > length:
            continue
        angle = math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))
        if angle > 90 or angle < -90:
            a, b, angle = b, a, angle - 180 if angle > 0 else angle + 180
        canvas.saveState()
        canvas.translate((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        canvas.rotate(angle)
        canvas.setFillGray(1)
        canvas.rect(-width / 2 - 1, -NAME_SIZE * 0.3, width + 2, NAME_SIZE * 1.05, stroke=0, fill=1)
        canvas.setFillGray(0.3)
        canvas.drawCentredString(0, -NAME_SIZE * 0.05, name)
        canvas.restoreState()
    canvas.restoreState()


def _straight_stretches(
    points: Sequence[tuple[float, float]], bend_degrees: float = 12.0
) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The road cut where it bends: (start, end) of each piece that runs nearly straight."""
    stretches = []
    start = 0
    for index in range(1, len(points) - 1):
        heading = _heading(points[start], points[index])
        turn = abs((_heading(points[index], points[index + 1]) - heading + 180) % 360 - 180)
        if turn > bend_degrees:
            stretches.append((points[start], points[index]))
            start = index
    if len(points) >= 2:
        stretches.append((points[start], points[-1]))
    return stretches


def _heading(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


def _draw_note(canvas: Canvas, text: str, x: float, y: float, *, right: bool = False) -> None:
    """A small line of text on a white ground (the attribution, the estimate note)."""
    size = 6.5
    width = canvas.stringWidth(text, REGULAR, size)
    left = x - width if right else x
    canvas.saveState()
    canvas.setFillGray(1)
    canvas.rect(left - 2, y - 2, width + 4, size + 3, stroke=0, fill=1)
    canvas.setFillGray(0)
    canvas.setFont(REGULAR, size)
    canvas.drawString(left, y, text)
    canvas.restoreState()


def _draw_stop(canvas: Canvas, x: float, y: float, sequence: int, radius: float) -> None:
    canvas.setFillGray(1)
    canvas.setLineWidth(0.8)
    canvas.circle(x, y, radius, stroke=1, fill=1)
    canvas.setFillGray(0)
    text = str(sequence)
    size = radius * (1.2 if len(text) < 2 else 1.0 if len(text) < 3 else 0.75)
    canvas.setFont(BOLD, size)
    canvas.drawCentredString(x, y - size * 0.36, text)


def _draw_approximate(canvas: Canvas, x: float, y: float, radius: float) -> None:
    """A dashed ring around a stop whose place is approximate (the Runs map's dashed halo)."""
    canvas.saveState()
    canvas.setLineWidth(0.9)
    canvas.setDash(1.6, 1.4)
    canvas.circle(x, y, radius * 1.55, stroke=1, fill=0)
    canvas.restoreState()


def _draw_shop(canvas: Canvas, x: float, y: float) -> None:
    canvas.rect(x - 7, y - 7, 14, 14, stroke=0, fill=1)
    canvas.setFillGray(1)
    canvas.setFont(BOLD, 8)
    canvas.drawCentredString(x, y - 3, "S")
    canvas.setFillGray(0)


def draw_route_map(
    canvas: Canvas,
    shop: Shop,
    stops: Sequence[ManifestStop],
    route: Sequence[tuple[float, float]],
    x: float,
    y: float,
    width: float,
    height: float,
    *,
    roads: Sequence[MapRoad] = (),
    note: str = "",
) -> None:
    """Draw the run in the box (x, y, width, height); stops without coordinates are skipped.

    The route line is ``route`` when given, else straight legs shop → stops → shop. ``roads``
    are drawn under it (with the attribution); ``note`` (e.g. that distances are estimated)
    is written at the top left.
    """
    canvas.saveState()
    canvas.setLineWidth(0.8)
    canvas.rect(x, y, width, height, stroke=1, fill=0)
    clip = canvas.beginPath()
    clip.rect(x, y, width, height)
    canvas.clipPath(clip, stroke=0, fill=0)
    placed = [(s, at) for s in stops if (at := _point(s.lat, s.lon)) is not None]
    depot = _point(shop.lat, shop.lon)
    line = [p for p in route if _point(*p) is not None]
    if not line:
        line = [p for p in [depot, *[p for _, p in placed], depot] if p is not None]
    every = [p for p in [depot, *[p for _, p in placed], *line] if p is not None]
    if not every:
        canvas.setFont(REGULAR, 10)
        canvas.drawCentredString(x + width / 2, y + height / 2, "no map: no coordinates")
        canvas.restoreState()
        return
    proj = fit_projection(every, x, y, width, height)
    if roads:
        _draw_roads(canvas, proj, roads)
        _draw_street_names(canvas, proj, roads, (x, y, width, height))
    _draw_route(canvas, [proj(*p) for p in line], on_streets=bool(roads))
    radius = 7.0 if len(placed) <= 40 else 5.5 if len(placed) <= 120 else 4.5
    for stop, point in placed:
        if stop.approximate:
            _draw_approximate(canvas, *proj(*point), radius)
        _draw_stop(canvas, *proj(*point), stop.sequence, radius)
    if depot is not None:
        _draw_shop(canvas, *proj(*depot))
    _draw_scale_bar(canvas, proj, x, y, width)
    _draw_north(canvas, x + width - 4, y + height - 4)
    if roads:
        _draw_note(canvas, ATTRIBUTION, x + width - 5, y + 5, right=True)
    notes = [note[:1].upper() + note[1:]] if note else []
    if any(stop.approximate for stop, _ in placed):
        notes.append(APPROXIMATE_NOTE)
    for row, text in enumerate(notes):
        _draw_note(canvas, text, x + 6, y + height - 12 - 11 * row)
    canvas.restoreState()
