"""Who may write to the catalog from the dashboard: nobody, unless the deployment enables editing.

``CORRIDOR_ATLAS_EDITING=1`` enables saving. When the deployment configures
sign-in (an ``[auth]`` section in Streamlit's ``secrets.toml``, used by
``st.login``), only signed-in users may save, and with
``CORRIDOR_ATLAS_EDITORS=a@x.org,b@y.org`` only those addresses. The command
line is not affected: whoever can run it can already write the files.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

#: Set to ``1`` to let the dashboard save sources to the catalog.
ENV_EDITING = "CORRIDOR_ATLAS_EDITING"
#: Optional comma-separated e-mail addresses of the signed-in users who may save.
ENV_EDITORS = "CORRIDOR_ATLAS_EDITORS"


@dataclass(frozen=True)
class EditPermission:
    """Whether this visitor may save, and if not, what to tell them."""

    allowed: bool
    reason: str
    needs_sign_in: bool = False


def editing_enabled(environ: Mapping[str, str] = os.environ) -> bool:
    """True if the deployment lets the dashboard write (``CORRIDOR_ATLAS_EDITING=1``)."""
    return environ.get(ENV_EDITING, "").strip().lower() in ("1", "true", "yes")


def edit_permission(
    *,
    auth_configured: bool,
    logged_in: bool,
    email: str | None,
    environ: Mapping[str, str] = os.environ,
) -> EditPermission:
    """Decide whether the current visitor may save to the catalog.

    Parameters
    ----------
    auth_configured
        The deployment has sign-in configured (``[auth]`` in ``secrets.toml``).
    logged_in, email
        The visitor's sign-in state, as ``st.user`` reports it.
    """
    if not editing_enabled(environ):
        return EditPermission(
            False, f"This dashboard is read-only: saving is not enabled for this deployment ({ENV_EDITING})."
        )
    editors = {e.strip().lower() for e in environ.get(ENV_EDITORS, "").split(",") if e.strip()}
    if not auth_configured:
        if editors:
            return EditPermission(
                False, f"Saving is limited to named editors ({ENV_EDITORS}), but sign-in is not configured."
            )
        return EditPermission(True, "Saving is enabled for everyone who can open this dashboard.")
    if not logged_in:
        return EditPermission(False, "Sign in to save sources to the catalog.", needs_sign_in=True)
    if editors and (email or "").strip().lower() not in editors:
        return EditPermission(False, f"{email or 'This account'} may read but not save to the catalog.")
    return EditPermission(True, f"Signed in as {email}." if email else "Signed in.")
