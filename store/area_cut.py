"""Cut an OpenStreetMap extract down to the shop's area with pyosmium.

A shop downloads its state's extract (hundreds of MB); routing, the maps and the address
lookup need only the roads and addresses around the shop. The cut keeps, inside a box:

- every way tagged `highway` or `route=ferry` that has a node in the box (whole, so a road
  leaving the box keeps its shape), with all of its nodes and their tags (barriers and
  traffic signals matter to the car profile);
- address points: nodes, and building ways, with `addr:housenumber` (and their street and
  postcode), and `addr:interpolation` lines;
- place nodes (town, village, hamlet, suburb, neighbourhood names);
- turn restrictions whose ways were all kept.

The file is read in slices of whole PBF blobs, so that a big extract reports how far it got
(bytes read of the file) and can be cancelled between any two objects. Only PBF is read: it
is what every extract provider offers.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import osmium
import osmium.filter
import osmium.index
import osmium.io
from osmium.osm.types import OSMEntity

from store.errors import BadInput

SLICE_BYTES = 8 << 20
LARGE_FILE_BYTES = 64 << 20  # above this, node locations go to a temporary file, not RAM
WAY_KEYS = ("highway", "route", "addr:housenumber", "addr:interpolation")
NODE_KEYS = ("addr:housenumber", "place")
CHECK_EVERY = 4096  # objects between two looks at the cancel flag
#: How far (degrees, about 35 miles) a way may start from the box and still be looked at.
FAR_DEGREES = 0.5

Progress = Callable[[float], None]
CancelCheck = Callable[[], bool]


class Cancelled(Exception):
    """The person cancelled the import; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Box:
    """A latitude/longitude box."""

    south: float
    west: float
    north: float
    east: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east

    def covers(self, other: Box) -> bool:
        return (
            self.south <= other.south
            and self.west <= other.west
            and self.north >= other.north
            and self.east >= other.east
        )


@dataclass(frozen=True, slots=True)
class CutResult:
    """What the cut kept, and the extent of the source's roads (to tell where it lies)."""

    roads: int
    addresses: int
    places: int
    restrictions: int
    source_roads: Box | None  # None: the file has no roads at all
    data_date: str  # the extract's replication timestamp, or "" when the header has none


def cut(
    source: Path,
    target: Path,
    box: Box,
    *,
    on_progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    scratch: Path | None = None,
) -> CutResult:
    """Write the part of `source` inside `box` to `target` (a new .osm.pbf file).

    Two passes over the file: the first decides what to keep (in Python, for the ways of
    interest only: node locations are cached by osmium), the second copies what was kept.
    `on_progress` gets 0..1; `cancel` is looked at often and raises `Cancelled`. `scratch` is
    a folder for the node-location file of a large extract. Raises `BadInput` when the file
    is not OpenStreetMap PBF data.
    """
    report = on_progress or (lambda _fraction: None)
    stop = cancel or (lambda: False)
    size = max(1, source.stat().st_size)
    header = _read_header(source)
    keep = osmium.IdTracker()
    locations = osmium.index.create_map(_location_storage(size, scratch))
    chooser = _Chooser(box, keep, stop)
    try:
        for data, done in _slices(source):
            processor = osmium.FileProcessor(osmium.io.FileBuffer(data, "pbf"))
            processor = processor.with_locations(locations)  # type: ignore[arg-type]  # pyosmium takes a LocationTable too; its hint says str
            chooser.read(
                processor.with_filter(osmium.filter.KeyFilter(*WAY_KEYS, *NODE_KEYS, "type"))
            )
            report(0.7 * done / size)
        del locations
        with osmium.SimpleWriter(str(target), overwrite=True) as writer:
            for data, done in _slices(source):
                processor = osmium.FileProcessor(osmium.io.FileBuffer(data, "pbf"))
                for count, obj in enumerate(processor.with_filter(keep.id_filter())):
                    if count % CHECK_EVERY == 0 and stop():
                        raise Cancelled
                    writer.add(obj)
                report(0.7 + 0.3 * done / size)
    except RuntimeError as error:  # osmium: a block that does not decompress or decode
        raise BadInput(
            f"{source.name} is damaged: a block of it cannot be read ({error}); download it again"
        ) from None
    return CutResult(
        roads=chooser.roads,
        addresses=chooser.addresses,
        places=chooser.places,
        restrictions=chooser.restrictions,
        source_roads=chooser.extent(),
        data_date=header,
    )


class _Chooser:
    """The first pass: which nodes, ways and relations to keep."""

    def __init__(self, box: Box, keep: osmium.IdTracker, stop: CancelCheck) -> None:
        self.box, self.keep, self.stop = box, keep, stop
        reach = FAR_DEGREES
        self.near = Box(box.south - reach, box.west - reach, box.north + reach, box.east + reach)
        self.kept_ways = osmium.index.IdSet()
        self.roads = self.addresses = self.places = self.restrictions = 0
        self._extent: list[float] | None = None  # south, west, north, east of all roads

    def read(self, objects: Iterable[OSMEntity]) -> None:
        for count, obj in enumerate(objects):
            if count % CHECK_EVERY == 0 and self.stop():
                raise Cancelled
            if isinstance(obj, osmium.osm.Node):
                self._node(obj)
            elif isinstance(obj, osmium.osm.Way):
                self._way(obj)
            elif isinstance(obj, osmium.osm.Relation):
                self._relation(obj)

    def _node(self, node: osmium.osm.Node) -> None:
        location = node.location
        if not (location.valid() and self.box.contains(location.lat, location.lon)):
            return
        if "addr:housenumber" in node.tags:
            self.addresses += 1
        elif "place" in node.tags:
            self.places += 1
        else:
            return
        self.keep.add_node(node.id)

    def _way(self, way: osmium.osm.Way) -> None:
        tags = way.tags
        road = "highway" in tags or tags.get("route") == "ferry"
        if road:
            self._grow_extent(way)
        elif "addr:housenumber" not in tags and "addr:interpolation" not in tags:
            return
        if not self._touches_box(way):
            return
        self.keep.add_way(way.id)
        self.keep.add_references(way)
        self.kept_ways.set(way.id)
        if road:
            self.roads += 1
        else:
            self.addresses += 1

    def _relation(self, relation: osmium.osm.Relation) -> None:
        if relation.tags.get("type") != "restriction":
            return
        ways = [m.ref for m in relation.members if m.type == "w"]
        if ways and all(self.kept_ways.get(ref) for ref in ways):
            self.keep.add_relation(relation.id)
            self.keep.add_references(relation)
            self.restrictions += 1

    def _touches_box(self, way: osmium.osm.Way) -> bool:
        """True if a node of `way` is in the box. A way that starts farther than FAR_DEGREES
        from the box is not looked at node by node (no road runs that far unbroken in
        OpenStreetMap), which keeps a state's roads outside the shop's area cheap."""
        box = self.box
        nodes = way.nodes
        if len(nodes):
            first = nodes[0].location
            if first.valid() and not self.near.contains(first.lat, first.lon):
                return False
        for node in nodes:
            location = node.location
            if location.valid() and box.contains(location.lat, location.lon):
                return True
        return False

    def _grow_extent(self, way: osmium.osm.Way) -> None:
        """The roads' extent, from each road's first node (cheap, and close enough)."""
        nodes = way.nodes
        if not len(nodes):
            return
        location = nodes[0].location
        if not location.valid():
            return
        lat, lon = location.lat, location.lon
        if self._extent is None:
            self._extent = [lat, lon, lat, lon]
            return
        extent = self._extent
        extent[0], extent[1] = min(extent[0], lat), min(extent[1], lon)
        extent[2], extent[3] = max(extent[2], lat), max(extent[3], lon)

    def extent(self) -> Box | None:
        return None if self._extent is None else Box(*self._extent)


def _location_storage(size: int, scratch: Path | None) -> str:
    """osmium's node-location cache: in memory for a city, in a file for a state."""
    if size < LARGE_FILE_BYTES or scratch is None:
        return "flex_mem"
    return f"sparse_file_array,{scratch / 'node-locations.bin'}"


# -- reading a PBF file in slices of whole blobs --------------------------------------------

_NOT_PBF = "is not an OpenStreetMap .osm.pbf file"


def _read_header(source: Path) -> str:
    """Check that `source` is PBF; return the extract's date (or "")."""
    try:
        with source.open("rb") as stream:
            kind, _ = _next_blob(stream, source)
    except BadInput:
        kind = b""
    if kind != b"OSMHeader":
        raise BadInput(f"{source.name} {_NOT_PBF} (it does not start with an OSM header)")
    try:
        reader = osmium.io.Reader(str(source), osmium.osm.osm_entity_bits.NOTHING)
        try:
            stamp = reader.header().get("osmosis_replication_timestamp", "")
        finally:
            reader.close()
    except RuntimeError as error:
        raise BadInput(f"{source.name} {_NOT_PBF} ({error})") from None
    return stamp


def _slices(source: Path) -> Iterator[tuple[bytes, int]]:
    """(a small PBF file in memory, bytes of `source` read so far), slice after slice.

    Each slice is the file's header blob followed by whole data blobs, so osmium reads it as
    a file of its own; a slice is about SLICE_BYTES long.
    """
    with source.open("rb") as stream:
        _, header = _next_blob(stream, source)
        pieces: list[bytes] = []
        held = 0
        while True:
            kind, piece = _next_blob(stream, source)
            if not piece:
                break
            if kind != b"OSMData":
                continue
            pieces.append(piece)
            held += len(piece)
            if held >= SLICE_BYTES:
                yield header + b"".join(pieces), stream.tell()
                pieces, held = [], 0
        if pieces:
            yield header + b"".join(pieces), stream.tell()


MAX_HEADER = 64 * 1024
MAX_BLOB = 32 * 1024 * 1024  # the PBF format's own limit


def _next_blob(stream: BinaryIO, source: Path) -> tuple[bytes, bytes]:
    """The next blob's type and its raw bytes (length, header, body); (b"", b"") at the end."""
    raw = stream.read(4)
    if not raw:
        return b"", b""
    if len(raw) < 4:
        raise BadInput(f"{source.name} {_NOT_PBF} (it ends in the middle of a block)")
    (length,) = struct.unpack(">I", raw)
    if not 0 < length <= MAX_HEADER:
        raise BadInput(f"{source.name} {_NOT_PBF} (a block header of {length} bytes)")
    header = stream.read(length)
    kind, size = _blob_header(header, source)
    if not 0 <= size <= MAX_BLOB:
        raise BadInput(f"{source.name} {_NOT_PBF} (a block of {size} bytes)")
    body = stream.read(size)
    if len(header) < length or len(body) < size:
        raise BadInput(f"{source.name} {_NOT_PBF} (it ends in the middle of a block)")
    return kind, raw + header + body


def _blob_header(data: bytes, source: Path) -> tuple[bytes, int]:
    """Decode the protobuf BlobHeader: field 1 is the type, field 3 the body's size."""
    kind, size, at = b"", -1, 0
    try:
        while at < len(data):
            key, at = _varint(data, at)
            field, wire = key >> 3, key & 7
            if wire == 0:
                value, at = _varint(data, at)
                if field == 3:
                    size = value
            elif wire == 2:
                length, at = _varint(data, at)
                if field == 1:
                    kind = data[at : at + length]
                at += length
            else:
                raise ValueError(f"wire type {wire}")
    except (IndexError, ValueError):
        raise BadInput(f"{source.name} {_NOT_PBF} (an unreadable block header)") from None
    if kind not in (b"OSMHeader", b"OSMData") or size < 0:
        raise BadInput(f"{source.name} {_NOT_PBF} (a block of unknown type)")
    return kind, size


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7
        if shift > 63:
            raise ValueError("varint too long")
