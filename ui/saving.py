"""Writing to the catalog from the dashboard: one write, in whichever backend holds the catalog, its refusal shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import streamlit as st

from carto.escape import markdown_text
from corridors.errors import CatalogError
from corridors.storage import CatalogConflictError, is_database_error, writing_catalog
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
        st.warning(markdown_text(error))
    except CatalogBusyError as error:
        st.warning(f"Not saved: {markdown_text(error.strerror)}")
    except CatalogConflictError as error:
        st.warning(f"Not saved: {markdown_text(error)}")
    except (CatalogError, ValueError) as error:
        st.error(f"Not saved: {markdown_text(error)}")
    except Exception as error:
        if not is_database_error(error):
            raise
        st.error(f"Not saved: the catalog's database cannot be reached ({markdown_text(error)})")
    return None
