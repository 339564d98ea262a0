"""The atlas as the app sees it: the catalog (shipped or replaced) plus analysts' layers."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from corridors.catalog import ENV_CATALOG, Catalog, catalog_dir_from_env, load_catalog
from corridors.frames import entities_frame, legs_frame
from corridors.layers import layer_dirs_from_env, load_user_layers

__all__ = ["ENV_CATALOG", "ENV_LAYERS", "Atlas", "catalog_dir_from_env", "load_atlas"]

#: Folders of user layers, separated like ``PATH``.
ENV_LAYERS = "CORRIDOR_ATLAS_LAYERS"


@dataclass(frozen=True)
class Atlas:
    """A validated catalog and the user layers loaded beside it."""

    catalog: Catalog
    layers: gpd.GeoDataFrame

    def entities(self) -> gpd.GeoDataFrame:
        """Catalog entities followed by user-layer features, one row each."""
        frame = entities_frame(self.catalog)
        if self.layers.empty:
            return frame
        return gpd.GeoDataFrame(pd.concat([frame, self.layers], ignore_index=True), geometry="geometry", crs=4326)

    def legs(self) -> gpd.GeoDataFrame:
        """Catalog corridor legs followed by user-layer lines, one row each."""
        from corridors.query import user_lines_as_legs

        frame = legs_frame(self.catalog)
        if self.layers.empty:
            return frame
        user = user_lines_as_legs(self.layers, list(frame.columns))
        return gpd.GeoDataFrame(pd.concat([frame, user], ignore_index=True), geometry="geometry", crs=4326)


def load_atlas(environ: Mapping[str, str] = os.environ) -> Atlas:
    """Load the catalog and user layers named by the environment; raises ``CatalogError``."""
    from corridors.storage import open_store

    catalog = load_catalog(open_store(environ).checkout())
    layers = load_user_layers(layer_dirs_from_env(environ.get(ENV_LAYERS)), catalog)
    return Atlas(catalog=catalog, layers=layers)
