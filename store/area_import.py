"""Import a street map: an OpenStreetMap extract becomes the shop's area, in named steps.

Three calls, like a day's plan (`store.planning`), so the console can run the slow middle one
in a worker thread:

1. `prepare(db, source)`: read where the shop is and where its files go (quick; any thread
   that owns the connection);
2. `build(job, on_progress=, cancel=)`: run IMPORT_STEPS in a new folder; touches no
   database; progress as (step label, 0..1 of the whole); `cancel()` is looked at often;
3. `install(db, built)`: record the new map in the shop file (one transaction) and remove the
   old one's folder.

A failed or cancelled build removes its folder and leaves the old map in use; nothing of it
reaches the shop file. `import_area` runs all three (the command line).

Adding a step: append an `ImportStep` to IMPORT_STEPS (e.g. building an address index from
`job.extract` into `job.folder`); its `run(job, progress)` reports 0..1 through `progress`,
raises `Cancelled` when `job.cancelled()`, and may add facts to `job.facts`.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.metadata
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from routing import streets
from routing.roads import OFF_ROAD_M, OsrmTravel
from store import address_index, area_build, area_cut
from store.area import (
    Area,
    area_root,
    box_around,
    cut_box,
    latitude,
    longitude,
    record,
    shop_file,
)
from store.area_cut import Box, Cancelled
from store.errors import BadInput
from store.settings import load as load_settings
from store.timeutil import iso_z, utc_now

__all__ = [
    "IMPORT_STEPS",
    "Built",
    "Cancelled",
    "ImportJob",
    "ImportStep",
    "build",
    "import_area",
    "install",
    "prepare",
]

Report = Callable[[str, float], None]
#: The step `build` reports last, once the new street map is ready to install.
DONE = "Done"
BUILDING_PREFIX = ".building-"
STALE_BUILD_S = 6 * 3600  # another counter's import older than this has died


@dataclass
class ImportJob:
    """One import in progress: where the shop is, the source, and the new folder."""

    source: Path
    root: Path  # the shop's `<name>.area/` folder
    shop_lat: float
    shop_lon: float
    radius_mi: float
    folder: Path = Path()  # made by `build`
    sha256: str = ""
    cut: area_cut.CutResult | None = None
    facts: dict[str, int] = field(default_factory=dict)
    cancel: Callable[[], bool] = lambda: False

    @property
    def box(self) -> Box:
        return Box(*cut_box(self.shop_lat, self.shop_lon, self.radius_mi))

    @property
    def extract(self) -> Path:
        return self.folder / "area.osm.pbf"

    @property
    def osrm_base(self) -> Path:
        return self.folder / "area.osrm"

    def cancelled(self) -> bool:
        return self.cancel()


@dataclass(frozen=True)
class ImportStep:
    """One named step of an import; `weight` is its share of the progress bar."""

    name: str
    label: str
    weight: float
    run: Callable[[ImportJob, Callable[[float], None]], None]


@dataclass(frozen=True)
class Built:
    """A finished build, ready to install."""

    area: Area


# -- the steps --------------------------------------------------------------------------------


def _check_source(job: ImportJob, progress: Callable[[float], None]) -> None:
    """The file's checksum (recorded with the map), read in slices so cancel works."""
    digest = hashlib.sha256()
    size = max(1, job.source.stat().st_size)
    done = 0
    with job.source.open("rb") as stream:
        while chunk := stream.read(4 << 20):
            if job.cancelled():
                raise Cancelled
            digest.update(chunk)
            done += len(chunk)
            progress(done / size)
    job.sha256 = digest.hexdigest()


def _cut(job: ImportJob, progress: Callable[[float], None]) -> None:
    """Keep the roads, address points and places of the shop's area (see `store.area_cut`)."""
    job.cut = area_cut.cut(
        job.source, job.extract, job.box, on_progress=progress, cancel=job.cancel,
        scratch=job.folder,
    )  # fmt: skip
    (job.folder / "node-locations.bin").unlink(missing_ok=True)
    _refuse_elsewhere(job)
    job.facts["roads"] = job.cut.roads
    job.facts["addresses"] = job.cut.addresses


def _refuse_elsewhere(job: ImportJob) -> None:
    name = job.source.name
    result = job.cut
    assert result is not None
    extent = result.source_roads
    if extent is None:
        raise BadInput(f"{name} holds no roads at all")
    shop = f"{latitude(job.shop_lat)}, {longitude(job.shop_lon)}"
    if not extent.contains(job.shop_lat, job.shop_lon):
        raise BadInput(
            f"{name} does not contain the shop: its roads span {latitude(extent.south)} to "
            f"{latitude(extent.north)}, {longitude(extent.west)} to {longitude(extent.east)}, "
            f"and the shop is at {shop}"
        )
    if result.roads == 0:
        raise BadInput(f"{name} has no roads near the shop ({shop})")


def _roads(job: ImportJob, progress: Callable[[float], None]) -> None:
    """OSRM's road network (MLD, car profile), built by its own tools in child processes."""
    try:
        area_build.build_osrm(job.extract, on_progress=progress, cancel=job.cancel)
    except area_build.BuildFailed as error:
        name = job.source.name
        raise BadInput(f"the road network of {name} could not be built: {error}") from None


def _check_shop(job: ImportJob, progress: Callable[[float], None]) -> None:
    """Refuse a map with no road a car may use near the shop (nothing could be planned)."""
    table = OsrmTravel(job.osrm_base).table([(job.shop_lat, job.shop_lon)])
    snap = float(table.snap_m[0])
    if snap > OFF_ROAD_M:
        raise BadInput(
            f"{job.source.name} has no road a car can use near the shop: the nearest is "
            f"{snap:,.0f} m away (more than {OFF_ROAD_M:.0f} m)"
        )
    progress(1.0)


def _streets(job: ImportJob, progress: Callable[[float], None]) -> None:
    """The roads as the maps draw them, read once now so that the maps open fast."""
    streets.build(job.extract, job.folder / "streets.npz")
    progress(1.0)


#: The import, in order. A step added here runs in every import (console and command line).
IMPORT_STEPS: list[ImportStep] = [
    ImportStep("checksum", "Reading the file", 0.08, _check_source),
    ImportStep("cut", "Cutting out the shop's area", 0.42, _cut),
    ImportStep("roads", "Building the road network", 0.32, _roads),
    ImportStep("shop", "Checking the roads at the shop", 0.02, _check_shop),
    ImportStep("streets", "Preparing the streets for the maps", 0.08, _streets),
    ImportStep("addresses", "Indexing the addresses", 0.08, address_index.import_step),
]


# -- prepare, build, install ------------------------------------------------------------------


def prepare(db: sqlite_utils.Database, source: Path) -> ImportJob:
    """Check what can be checked at once and say where the new map goes."""
    settings = load_settings(db)
    if not settings.configured or settings.latitude is None or settings.longitude is None:
        raise BadInput("set up the shop first: the street map is cut around its location")
    file = shop_file(db)
    if file is None:
        raise BadInput("an in-memory shop file has no folder to keep a street map in")
    if not source.is_file():
        raise BadInput(f"{source} is not a file")
    return ImportJob(
        source=source,
        root=area_root(file),
        shop_lat=settings.latitude,
        shop_lon=settings.longitude,
        radius_mi=settings.radius_mi,
    )


def build(
    job: ImportJob,
    *,
    on_progress: Report | None = None,
    cancel: Callable[[], bool] | None = None,
    steps: list[ImportStep] | None = None,
) -> Built:
    """Run the import's steps in a new folder; on any failure the folder is removed."""
    steps = IMPORT_STEPS if steps is None else steps
    report = on_progress or (lambda _label, _fraction: None)
    job.cancel = cancel or (lambda: False)
    try:
        job.root.mkdir(parents=True, exist_ok=True)
        job.folder = Path(tempfile.mkdtemp(prefix=BUILDING_PREFIX, dir=job.root))
    except OSError as error:
        raise BadInput(f"cannot make a folder for the street map in {job.root}: {error}") from None
    total = sum(step.weight for step in steps) or 1.0
    try:
        done = 0.0
        for step in steps:
            if job.cancelled():
                raise Cancelled
            report(step.label, done / total)

            def within(fraction: float, start: float = done, step: ImportStep = step) -> None:
                share = step.weight * min(1.0, max(0.0, fraction))
                report(step.label, (start + share) / total)

            step.run(job, within)
            done += step.weight
        final = job.root / _folder_name(job.sha256)
        job.folder.rename(final)
        job.folder = final
    except BaseException:
        shutil.rmtree(job.folder, ignore_errors=True)
        raise
    report(DONE, 1.0)
    return Built(_area_of(job))


def _folder_name(sha256: str) -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{sha256[:8] or 'nosum'}"


def _area_of(job: ImportJob) -> Area:
    assert job.cut is not None
    extent = job.cut.source_roads
    reach = Box(*cut_box(job.shop_lat, job.shop_lon, job.radius_mi))
    radius_box = Box(*box_around(job.shop_lat, job.shop_lon, job.radius_mi))
    stat = job.source.stat()
    return Area(
        folder=job.folder,
        source_name=job.source.name,
        source_sha256=job.sha256,
        source_bytes=stat.st_size,
        source_date=job.cut.data_date,
        source_modified=iso_z(datetime.fromtimestamp(stat.st_mtime, UTC)),
        imported_at=iso_z(utc_now()),
        shop_lat=job.shop_lat,
        shop_lon=job.shop_lon,
        radius_mi=job.radius_mi,
        box=(reach.south, reach.west, reach.north, reach.east),
        covers_radius=extent is not None and extent.covers(radius_box),
        roads=job.facts.get("roads", 0),
        addresses=job.facts.get("addresses", 0),
        osrm_version=_osrm_version(),
    )


def _osrm_version() -> str:
    try:
        return importlib.metadata.version("osrm-bindings")
    except importlib.metadata.PackageNotFoundError:
        return ""


def install(db: sqlite_utils.Database, built: Built) -> Area:
    """Make the built map the shop's (one transaction), then tidy the old folders away."""
    record(db, built.area)
    remove_unused(built.area.folder.parent, keep=built.area.folder)
    return built.area


def remove_unused(root: Path, keep: Path) -> None:
    """Remove earlier maps' folders and dead builds (best effort: a file still open on
    Windows stays until the next import)."""
    now = time.time()
    for entry in root.iterdir() if root.is_dir() else ():
        if entry == keep or not entry.is_dir():
            continue
        if entry.name.startswith(BUILDING_PREFIX) and now - entry.stat().st_mtime < STALE_BUILD_S:
            continue  # another counter may be importing right now
        shutil.rmtree(entry, ignore_errors=True)


def keep_copy(built: Area) -> Area:
    """A copy of a built map in a private temporary folder (removed when the process ends),
    so that the same map can be given to another shop file quickly (`copy_built`)."""
    holder = Path(tempfile.mkdtemp(prefix="parcel-desk-map-"))
    atexit.register(shutil.rmtree, holder, ignore_errors=True)
    target = holder / built.folder.name
    shutil.copytree(built.folder, target)
    return replace(built, folder=target)


def copy_built(built: Area, db: sqlite_utils.Database) -> Built:
    """The map `built` (made for the same shop location and radius) copied beside `db`'s
    file, ready to install."""
    file = shop_file(db)
    if file is None:
        raise BadInput("an in-memory shop file has no folder to keep a street map in")
    root = area_root(file)
    root.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=BUILDING_PREFIX, dir=root))
    try:
        shutil.copytree(built.folder, building, dirs_exist_ok=True)
        final = root / _folder_name(built.source_sha256)
        building.rename(final)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return Built(replace(built, folder=final, imported_at=iso_z(utc_now())))


def import_area(
    db: sqlite_utils.Database,
    source: Path,
    *,
    on_progress: Report | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Area:
    """Prepare, build and install in one go (the command line; tests)."""
    job = prepare(db, source)
    return install(db, build(job, on_progress=on_progress, cancel=cancel))
