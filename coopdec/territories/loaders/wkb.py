"""Just enough of Well-Known Binary (WKB/EWKB) to place an authority on a map, without GEOS or GDAL."""

import math
import struct
from collections.abc import Iterator

POINT, LINESTRING, POLYGON = 1, 2, 3
COLLECTIONS = {4, 5, 6, 7}  # multi-point, multi-line, multi-polygon, geometry collection
EWKB_Z, EWKB_M, EWKB_SRID = 0x80000000, 0x40000000, 0x20000000


def _coordinates(data: bytes, offset: int) -> tuple[list[tuple[float, float]], int]:
    """The (x, y) pairs of the geometry starting at ``offset``, and the offset just past it."""
    endian = "<" if data[offset] == 1 else ">"
    (geometry_type,) = struct.unpack_from(f"{endian}I", data, offset + 1)
    offset += 5
    dimensions = 2 + bool(geometry_type & EWKB_Z) + bool(geometry_type & EWKB_M)
    if geometry_type & EWKB_SRID:
        offset += 4
    geometry_type &= 0x0FFFFFFF
    # ISO WKB marks Z and M with thousands: 1001 is a point Z, 3001 a point ZM.
    dimensions += {1: 1, 2: 1, 3: 2}.get(geometry_type // 1000, 0)
    geometry_type %= 1000

    def read_points(count: int) -> list[tuple[float, float]]:
        nonlocal offset
        values = struct.unpack_from(f"{endian}{count * dimensions}d", data, offset)
        offset += 8 * count * dimensions
        return list(zip(values[0::dimensions], values[1::dimensions], strict=True))

    def read_count() -> int:
        nonlocal offset
        (count,) = struct.unpack_from(f"{endian}I", data, offset)
        offset += 4
        return count

    if geometry_type == POINT:
        return read_points(1), offset
    if geometry_type == LINESTRING:
        return read_points(read_count()), offset
    if geometry_type == POLYGON:
        return [point for _ in range(read_count()) for point in read_points(read_count())], offset
    if geometry_type in COLLECTIONS:
        points: list[tuple[float, float]] = []
        for _ in range(read_count()):
            part, offset = _coordinates(data, offset)
            points.extend(part)
        return points, offset
    raise ValueError(f"Unsupported WKB geometry type {geometry_type}")


def coordinates(hex_wkb: str) -> Iterator[tuple[float, float]]:
    """Every (x, y) vertex of a hex-encoded WKB geometry."""
    points, _ = _coordinates(bytes.fromhex(hex_wkb), 0)
    return iter(points)


def point_from_wkb(hex_wkb: str) -> tuple[float, float] | None:
    """(longitude, latitude) of a point; for any other geometry, the centre of its bounding box.

    "0101000000" + x + y (little-endian doubles) is a point; empty or ``\\N`` (SQL NULL) gives None.
    """
    if not hex_wkb or hex_wkb == "\\N":
        return None
    xs, ys = [], []
    for x, y in coordinates(hex_wkb):
        if math.isnan(x) or math.isnan(y):  # an empty point is written as NaN, NaN
            continue
        xs.append(x)
        ys.append(y)
    if not xs:
        return None
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
