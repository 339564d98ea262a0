"""Writing to the catalog from the dashboard: one write, in whichever backend holds the catalog, its refusal shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import streamlit as st

from corridors.errors import CatalogError
from corridors.storage import CatalogConflictError, writing_catalog
from corridors.writelock import CatalogBusyError

T = TypeVar("T")


def write_catalog(write: Callable[[Path], T], *, refused: tuple[type[Exception], ...] = ()) -> T | None:
    """Run ``write`` on the catalog's folder; ``None`` if it was not saved (and the page says why).

    ``refused`` are the caller's own refusals (a duplicate source, a review that cannot be done), shown as warnings.
    """
    try:
        with writing_catalog() as folder:
            return write(folder)
    except refused as error:
        st.warning(str(error))
    except CatalogBusyError as error:
        st.warning(f"Not saved: {error.strerror}")
    except CatalogConflictError as error:
        st.warning(f"Not saved: {error}")
    except (CatalogError, ValueError) as error:
        st.error(f"Not saved: {error}")
    return None
