"""Who may write: the dashboard is read-only unless the deployment enables editing; sign-in when configured."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from corridors.editing import ENV_EDITING, ENV_EDITORS, edit_permission

TEXT = "Ferries from the port of Aktau reach Alat in a day."


def reader_script() -> None:
    import os
    from pathlib import Path

    import streamlit as st

    from corridors.catalog import load_catalog
    from corridors.text.mentions import build_mention_index
    from ui.text_reader import read_text_tab

    catalog = load_catalog(Path(os.environ["CORRIDOR_ATLAS_CATALOG"]))
    read_text_tab(
        lambda: build_mention_index(catalog),
        on_saved=lambda: st.session_state.update(saved=True),
        get_catalog=lambda: load_catalog(Path(os.environ["CORRIDOR_ATLAS_CATALOG"])),
        pick_map=lambda pick: None,
    )


def run_reader(monkeypatch, catalog_dir: Path, *, editing: str | None, auth: bool = False) -> AppTest:
    monkeypatch.setenv("CORRIDOR_ATLAS_CATALOG", str(catalog_dir))
    if editing is None:
        monkeypatch.delenv(ENV_EDITING, raising=False)
    else:
        monkeypatch.setenv(ENV_EDITING, editing)
    app = AppTest.from_function(reader_script, default_timeout=60)
    if auth:
        app.secrets["auth"] = {
            "redirect_uri": "http://localhost:8501/oauth2callback",
            "cookie_secret": "x" * 32,
            "client_id": "id",
            "client_secret": "secret",
            "server_metadata_url": "https://accounts.example.org/.well-known/openid-configuration",
        }
    app.run()
    app.text_area(key="reader_paste").input(TEXT).run()
    assert not app.exception, app.exception
    return app


def test_read_only_by_default_no_save_form(monkeypatch, catalog_dir: Path):
    app = run_reader(monkeypatch, catalog_dir, editing=None)
    assert any("read-only" in info.value for info in app.info)
    assert not [b for b in app.button if "Save source" in str(b.label)]
    assert any("mentions of" in m.value for m in app.markdown)  # the text is still read


def test_editing_enabled_without_sign_in_configured_shows_the_form(monkeypatch, catalog_dir: Path):
    app = run_reader(monkeypatch, catalog_dir, editing="1")
    assert [b for b in app.button if "Save source" in str(b.label)]
    fields = {field.label: field for field in app.text_input}
    fields["Title"].input("Ferries")
    fields["URL"].input("https://example.org/ferries")
    next(b for b in app.button if "Save source" in str(b.label)).click().run()
    assert not app.exception
    assert any("Saved as source" in s.value for s in app.success), [e.value for e in app.error]
    assert list((catalog_dir / "sources").glob("ferries-*.txt"))


def test_with_sign_in_configured_a_visitor_must_sign_in(monkeypatch, catalog_dir: Path):
    app = run_reader(monkeypatch, catalog_dir, editing="1", auth=True)
    assert any("Sign in to save" in info.value for info in app.info)
    assert [b for b in app.button if b.label == "Sign in"]
    assert not [b for b in app.button if "Save source" in str(b.label)]


@pytest.mark.parametrize(
    ("environ", "auth", "logged_in", "email", "allowed"),
    [
        ({}, False, False, None, False),
        ({ENV_EDITING: "0"}, True, True, "a@x.org", False),
        ({ENV_EDITING: "1"}, False, False, None, True),
        ({ENV_EDITING: "1"}, True, False, None, False),
        ({ENV_EDITING: "1"}, True, True, "a@x.org", True),
        ({ENV_EDITING: "1", ENV_EDITORS: "b@x.org"}, True, True, "a@x.org", False),
        ({ENV_EDITING: "1", ENV_EDITORS: "b@x.org, A@x.org"}, True, True, "a@X.org", True),
        ({ENV_EDITING: "1", ENV_EDITORS: "b@x.org"}, False, False, None, False),
    ],
)
def test_edit_permission(environ, auth, logged_in, email, allowed):
    permission = edit_permission(auth_configured=auth, logged_in=logged_in, email=email, environ=environ)
    assert permission.allowed is allowed
    assert permission.reason


def test_upload_limit_and_error_details_are_configured(repo_root: Path):
    import tomllib

    from corridors.text.sourcefile import MAX_SOURCE_BYTES
    from ui.text_reader import MAX_UPLOAD_MIB

    config = tomllib.loads((repo_root / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 2**20 == MAX_SOURCE_BYTES == MAX_UPLOAD_MIB * 2**20
    assert config["client"]["showErrorDetails"] == "none"


def test_an_upload_is_read_once_per_content(monkeypatch):
    import ui.text_reader as reader

    calls = []

    def counting_read(data, name):
        calls.append(name)
        return data.decode()

    monkeypatch.setattr(reader, "read_upload", counting_read)
    reader._read_upload_cached.clear()
    assert reader.read_upload_once(b"Aktau one", "a.txt") == "Aktau one"
    assert reader.read_upload_once(b"Aktau one", "a.txt") == "Aktau one"
    assert reader.read_upload_once(b"Aktau two", "a.txt") == "Aktau two"
    assert calls == ["a.txt", "a.txt"]


def test_security_settings_are_documented(repo_root: Path):
    security = (repo_root / "SECURITY.md").read_text(encoding="utf-8")
    for setting in (
        ENV_EDITING,
        ENV_EDITORS,
        "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS",
        "[auth]",
        "16 MiB",
        "## Text in the map",
    ):
        assert setting in security, setting
    assert "SECURITY.md" in (repo_root / "README.md").read_text(encoding="utf-8")
