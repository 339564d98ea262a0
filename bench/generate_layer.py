"""A synthetic user layer for the map benchmark: N corridor lines of 200 vertices each.

Run ``python -m bench.generate_layer N OUT.geojson [--irregular]``. Lines are
random walks (fixed seed, so every run draws the same layer) inside lon 45–80°E,
lat 36–52°N: smooth by default, or with ``--irregular`` turning sharply at every
step, so that simplification for display cannot remove most vertices. Modes cycle rail, road, pipeline, so filtering out pipelines
removes a third of the lines; statuses cycle operating, construction, proposed,
shifted by one every third line so that each mode meets each status.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

#: The region the lines stay in: (lon_min, lat_min, lon_max, lat_max), degrees.
REGION = (45.0, 36.0, 80.0, 52.0)
MODES = ("rail", "road", "pipeline")
STATUSES = ("operating", "construction", "proposed")
VERTICES = 200
SEED = 20240605
#: Length of one step of the walk, in degrees.
STEP_DEG = 0.05
#: Standard deviation of the heading change per step, in radians: smooth curves, or an irregular walk.
SMOOTH_TURN_RAD = 0.2
IRREGULAR_TURN_RAD = 1.2


def line_properties(index: int) -> dict[str, str]:
    """Properties of the ``index``-th line (0-based)."""
    number = index + 1
    return {
        "id": f"bench-line-{number:05d}",
        "name": f"Bench line {number}",
        "kind": "corridor",
        "mode": MODES[index % len(MODES)],
        "status": STATUSES[(index // len(MODES) + index) % len(STATUSES)],
    }


def mode_counts(n: int) -> dict[str, int]:
    """How many of ``n`` generated lines have each mode."""
    return {mode: len(range(i, n, len(MODES))) for i, mode in enumerate(MODES)}


def walk_coordinates(
    n: int, vertices: int = VERTICES, seed: int = SEED, *, turn_rad: float = SMOOTH_TURN_RAD
) -> np.ndarray:
    """Array ``(n, vertices, 2)`` of lon/lat: smooth random walks reflected at the region's edges."""
    rng = np.random.default_rng(seed)
    lon_min, lat_min, lon_max, lat_max = REGION
    low, high = np.array([lon_min, lat_min]), np.array([lon_max, lat_max])
    points = np.empty((n, vertices, 2))
    points[:, 0] = rng.uniform(low + 1.0, high - 1.0, size=(n, 2))
    heading = rng.uniform(0.0, 2 * np.pi, size=n)
    for step in range(1, vertices):
        heading += rng.normal(0.0, turn_rad, size=n)
        move = STEP_DEG * np.column_stack([np.cos(heading), np.sin(heading)])
        nxt = points[:, step - 1] + move
        outside = (nxt < low) | (nxt > high)
        move[outside] *= -1.0
        heading = np.where(outside[:, 0], np.pi - heading, heading)
        heading = np.where(outside[:, 1], -heading, heading)
        points[:, step] = np.clip(points[:, step - 1] + move, low, high)
    return points


def layer_collection(n: int, vertices: int = VERTICES, seed: int = SEED, *, irregular: bool = False) -> dict:
    """The GeoJSON FeatureCollection of ``n`` lines (coordinates rounded to 1e-5°)."""
    turn = IRREGULAR_TURN_RAD if irregular else SMOOTH_TURN_RAD
    coordinates = np.round(walk_coordinates(n, vertices, seed, turn_rad=turn), 5)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": line_properties(index),
                "geometry": {"type": "LineString", "coordinates": coordinates[index].tolist()},
            }
            for index in range(n)
        ],
    }


def write_layer(path: Path, n: int, vertices: int = VERTICES, seed: int = SEED, *, irregular: bool = False) -> Path:
    """Write the layer of ``n`` lines to ``path`` (``.geojson``, or ``.gpkg`` for a GeoPackage) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".gpkg":
        return _write_geopackage(path, n, vertices, seed, irregular=irregular)
    with path.open("w", encoding="utf-8") as handle:
        json.dump(layer_collection(n, vertices, seed, irregular=irregular), handle, separators=(",", ":"))
    return path


def _write_geopackage(path: Path, n: int, vertices: int, seed: int, *, irregular: bool) -> Path:
    import geopandas as gpd
    import shapely

    turn = IRREGULAR_TURN_RAD if irregular else SMOOTH_TURN_RAD
    coordinates = np.round(walk_coordinates(n, vertices, seed, turn_rad=turn), 5)
    lines = shapely.linestrings(coordinates)
    frame = gpd.GeoDataFrame([line_properties(index) for index in range(n)], geometry=lines, crs=4326)
    path.unlink(missing_ok=True)
    frame.to_file(path, driver="GPKG", layer=path.stem, engine="pyogrio")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of lines")
    parser.add_argument("out", type=Path, help="file to write: .geojson, or .gpkg for a GeoPackage")
    parser.add_argument("--vertices", type=int, default=VERTICES)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--irregular", action="store_true", help="sharp turns at every step")
    args = parser.parse_args(argv)
    path = write_layer(args.out, args.n, args.vertices, args.seed, irregular=args.irregular)
    print(f"{args.n} lines × {args.vertices} vertices → {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
