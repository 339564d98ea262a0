"""The HTTP addresses the browser map reads database layers from (see :mod:`corridors.layerstore`).

- ``GET /api/tiles/{layer}/{version}/{z}/{x}/{y}.mvt``: a Mapbox Vector Tile. A tile of the layer's current
  version may be cached by the browser for good (a new import changes the version, so the map asks anew); a
  request for an older version gets the current data, not to be cached.
- ``GET /api/tiles/{layer}/{version}/features/{fid}.json``: what a click on a feature shows (id, name, kind,
  mode, status), as JSON.

Without a database (the file backend) every such address answers 404.
"""

from __future__ import annotations

import logging
import os
import re

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from corridors.layerstore import TILE_MEDIA_TYPE, tile_server
from corridors.storage import ENV_DATABASE_URL, is_database_error

TILE_ROUTE = "/api/tiles/{layer}/{version:int}/{z:int}/{x:int}/{y:int}.mvt"
FEATURE_ROUTE = "/api/tiles/{layer}/{version:int}/features/{fid:int}.json"
_log = logging.getLogger(__name__)


async def _ask_database(request: Request, method: str, *args):
    """``tile_server(url).method(*args)`` in a worker thread, or the error response to send instead."""
    url = os.environ.get(ENV_DATABASE_URL, "").strip()
    if not url:
        return None, PlainTextResponse("no database layers here", status_code=404)
    try:
        found = await run_in_threadpool(getattr(tile_server(url), method), *args)
    except ValueError as error:
        return None, PlainTextResponse(str(error), status_code=400)
    except Exception as error:
        if not is_database_error(error):
            raise
        _log.warning("%s: database error: %s", request.url.path, error)
        return None, PlainTextResponse("the database is unreachable", status_code=503)
    if found is None:
        return None, PlainTextResponse("not found", status_code=404)
    return found, None


async def vector_tile(request: Request) -> Response:
    params = request.path_params
    found, refusal = await _ask_database(
        request, "tile", params["layer"], params["version"], params["z"], params["x"], params["y"]
    )
    if refusal is not None:
        return refusal
    data, current = found
    cache = "public, max-age=31536000, immutable" if current else "no-store"
    return Response(data, media_type=TILE_MEDIA_TYPE, headers={"Cache-Control": cache})


async def feature(request: Request) -> Response:
    params = request.path_params
    found, refusal = await _ask_database(request, "feature", params["layer"], params["fid"])
    if refusal is not None:
        return refusal
    return JSONResponse(found, headers={"Cache-Control": "no-store"})


_TILE_PATH = re.compile(r"api/tiles/([^/]+)/(\d+)/(\d+)/(\d+)/(\d+)\.mvt")


def server_file(path: str) -> tuple[bytes, str] | None:
    """A database layer's tile by its path below the server's root, for exports rendered without the server."""
    url = os.environ.get(ENV_DATABASE_URL, "").strip()
    match = _TILE_PATH.fullmatch(path)
    if not url or not match:
        return None
    layer, *numbers = match.groups()
    try:
        found = tile_server(url).tile(layer, *map(int, numbers))
    except ValueError:
        return None
    return (found[0], TILE_MEDIA_TYPE) if found else None


def tile_routes() -> list[Route]:
    return [Route(TILE_ROUTE, vector_tile, methods=["GET"]), Route(FEATURE_ROUTE, feature, methods=["GET"])]
