"""The printed route map with streets, read back from the PDF: road paths where the streets
are, the route line on top, street names, the attribution, and the estimate note."""

from __future__ import annotations

import io

import pytest
from labels_readback import open_pdf, page_texts, render_page
from reportlab.pdfgen.canvas import Canvas

from labels import ManifestStop, MapRoad, Shop
from labels.fonts import register_fonts
from labels.route_map import ATTRIBUTION, ROAD_STYLES, draw_route_map, fit_projection

BOX = (20.0, 20.0, 560.0, 260.0)  # x, y, width, height on a 600 × 300 pt page
SHOP = Shop("Shop", "", 45.0, 10.0)
EAST = [(45.0, 10.0 + i * 0.002) for i in range(11)]  # a street 1.6 km long, east of the shop
NORTH = [(45.0 + i * 0.002, 10.01) for i in range(6)]  # a street crossing it, going north
ROADS = (
    MapRoad(1, EAST, "Long Avenue Northeast"),
    MapRoad(3, NORTH, "Short Lane"),
    MapRoad(4, [(45.004, 10.015), (45.004, 10.017)], ""),  # a service road, unnamed
)
STOPS = [
    ManifestStop(1, "S.1.1", "Ann", "1 Long Ave", [], lat=45.0, lon=10.012),
    ManifestStop(2, "S.1.2", "Bob", "9 Short Ln", [], lat=45.008, lon=10.01),
]
ROUTE = [*EAST[:6], *NORTH[1:5], *reversed(NORTH[:4]), *reversed(EAST[:6])]


def _map_pdf(roads: tuple[MapRoad, ...] = ROADS, note: str = "") -> bytes:
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(600, 300))
    draw_route_map(canvas, SHOP, STOPS, ROUTE, *BOX, roads=roads, note=note)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _grey_at(data: bytes, lat: float, lon: float, dpi: int = 144) -> int:
    """The darkest grey within a point of where (lat, lon) is drawn (0 black, 255 white)."""
    every = [(SHOP.lat, SHOP.lon), *((s.lat, s.lon) for s in STOPS), *ROUTE]
    x, y = fit_projection(every, *BOX)(lat, lon)  # type: ignore[arg-type]
    with open_pdf(data) as document:
        image = render_page(document[0], dpi)
    scale = dpi / 72
    px, py = round(x * scale), round(image.height - y * scale)
    return min(image.getpixel((px + dx, py + dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1))


def test_the_streets_are_drawn_where_they_are() -> None:
    """Read back from the page: grey ink on the service road, none beside it or without
    streets."""
    with_roads, without = _map_pdf(), _map_pdf(roads=())
    service = _grey_at(with_roads, 45.004, 10.016)
    assert 150 < service < 250  # light grey: legible, and under the black route
    assert _grey_at(without, 45.004, 10.016) == 255
    assert _grey_at(with_roads, 45.006, 10.016) == 255  # no road there


def test_the_route_is_black_over_the_streets() -> None:
    """The driven line is printed black on the street it follows."""
    assert _grey_at(_map_pdf(), *EAST[3]) < 60


def test_names_and_the_attribution_are_printed() -> None:
    """A street long enough for its name carries it; the map credits OpenStreetMap."""
    text = page_texts(_map_pdf())[0]
    assert "Long Avenue Northeast" in text
    assert ATTRIBUTION in text
    assert ATTRIBUTION not in page_texts(_map_pdf(roads=()))[0]


def test_the_estimate_note_is_printed_on_the_map() -> None:
    """Without a street map the manifest says its distances are estimated."""
    text = page_texts(_map_pdf(roads=(), note="distances estimated: no street map loaded"))[0]
    assert "Distances estimated: no street map loaded" in text


@pytest.mark.parametrize("kind", range(5))
def test_every_road_kind_prints_in_its_grey(kind: int) -> None:
    """Motorways to service roads each print in their own grey, darker the bigger."""
    road = MapRoad(kind, [(45.006, 10.012), (45.006, 10.018)])
    grey = _grey_at(_map_pdf(roads=(road,)), 45.006, 10.015, dpi=400)
    assert grey == pytest.approx(ROAD_STYLES[kind][0] * 255, abs=12)


def test_an_approximate_stop_has_a_dashed_ring_and_the_map_says_so() -> None:
    """Bob's stop known to its street only gets a dashed ring (ink around the disc, beside
    the street it stands on) and the map a line saying what the ring means; exact, neither."""
    import dataclasses
    import math

    from labels.route_map import APPROXIMATE_NOTE

    def ring_ink(stops) -> int:  # type: ignore[no-untyped-def]
        register_fonts()
        out = io.BytesIO()
        canvas = Canvas(out, pagesize=(600, 300))
        draw_route_map(canvas, SHOP, stops, ROUTE, *BOX, roads=ROADS)
        canvas.showPage()
        canvas.save()
        every = [(SHOP.lat, SHOP.lon), *((s.lat, s.lon) for s in STOPS), *ROUTE]
        x, y = fit_projection(every, *BOX)(stops[1].lat, stops[1].lon)  # type: ignore[arg-type]
        with open_pdf(out.getvalue()) as document:
            image = render_page(document[0], 144)
        ring = 7.0 * 1.55
        greys = []
        for degrees in [*range(150, 211, 4), *range(-30, 31, 4)]:  # beside the street, not on it
            px = round((x + ring * math.cos(math.radians(degrees))) * 2)
            py = round(image.height - (y + ring * math.sin(math.radians(degrees))) * 2)
            greys.append(image.getpixel((px, py)))
        return min(greys)

    approximate = [
        STOPS[0],
        dataclasses.replace(STOPS[1], location_note="approximate location: street only"),
    ]
    assert ring_ink(approximate) < 120
    assert ring_ink(STOPS) > 200
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(600, 300))
    draw_route_map(canvas, SHOP, approximate, ROUTE, *BOX, roads=ROADS)
    canvas.showPage()
    canvas.save()
    assert APPROXIMATE_NOTE in " ".join(page_texts(out.getvalue())[0].split())
    assert "Dashed ring" not in page_texts(_map_pdf())[0]
