"""The report composer in the real app: stable quote numbers, picked notes, draggable callouts, export = screen."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from PIL import Image, ImageFilter

from harness.browser import ARTIFACTS, Watched, export_report_frame

pytestmark = pytest.mark.browser

#: Every quote number drawn on the report's map (labels and callouts) and every number its notes print.
REPORT_NUMBERS_JS = """
() => {
  const numbers = sel => Array.from(document.querySelectorAll(sel)).flatMap(
    el => (el.textContent.match(/\\d+/g) || []).map(Number));
  const notes = document.querySelector('.ca-report-notes');
  return {map: numbers('.ca-report-map .ca-label .ca-ref, .ca-report-map .ca-callout .ca-ref'),
          notes: numbers('.ca-report-note > .ca-ref'),
          overflow: notes.scrollHeight > notes.clientHeight + 1 || notes.scrollWidth > notes.clientWidth + 1,
          callouts: document.querySelectorAll('.ca-callout').length};
}
"""
#: Where callout ``n``'s box sits from its anchor, in the map's own px.
CALLOUT_OFFSET_JS = """
n => { const c = window.atlasView.calloutBoxes[n]; return c ? [c.box.minX - c.anchor.x, c.box.minY - c.anchor.y] : null; }
"""
#: Mean absolute difference (0–255) between the exported PNG scaled to 1× and a screenshot of the frame, both
#: blurred by 1.5 px (measured 1.26; the same pair 3 px apart measures 5.6).
PIXEL_DIFFERENCE_LIMIT = 2.5


def open_report(page: Watched, url: str):
    page.page.goto(url)
    page.wait_for_map()
    frame = page.map_page()
    frame.locator("#ca-report").wait_for(timeout=60_000)
    frame.wait_for_function("() => document.querySelector('.folium-map').dataset.printed !== undefined")
    return frame


def test_quote_numbers_stay_the_same_across_a_filter_change(app, page):
    page.page.goto(app.url + "?center=41.0,52.0&zoom=5")
    page.wait_for_map()
    frame = page.map_page()
    read = "() => Object.fromEntries(Array.from(document.querySelectorAll('.ca-note')).map(n => [n.querySelector('q').textContent, n.dataset.n]))"
    before = frame.evaluate(read)
    labels_js = "() => Object.fromEntries(Array.from(document.querySelectorAll('.ca-label')).filter(l => l.querySelector('.ca-ref')).map(l => [l.dataset.key, l.querySelector('.ca-ref').textContent]))"
    labels_before = frame.evaluate(labels_js)
    page.page.locator('button[aria-label="Remove Rail"]').click()
    page.page.wait_for_url("**mode=**", timeout=30_000)
    page.map().locator("path.ca-mode-rail").first.wait_for(state="detached", timeout=30_000)
    after = frame.evaluate(read)
    labels_after = frame.evaluate(labels_js)
    assert after and len(after) < len(before)  # the filter hid some quotes…
    assert all(before[text] == number for text, number in after.items())  # …and renumbered none
    common = set(labels_before) & set(labels_after)
    assert common, "some quoted labels are drawn before and after"
    assert {k: labels_before[k] for k in common} == {k: labels_after[k] for k in common}


@pytest.mark.parametrize("frame_name", ["16:9 (1600×900)", "A4 landscape", "Square (1080×1080)"])
def test_every_number_on_a_report_map_has_its_note(app, page, frame_name):
    everything = ",".join(str(n) for n in range(1, 60))
    for quotes in ("", f"&quotes={everything}&callouts=1,2,3"):
        frame = open_report(page, f"{app.url}?report=1&frame={frame_name}{quotes}")
        drawn = frame.evaluate(REPORT_NUMBERS_JS)
        assert drawn["notes"] == list(range(1, len(drawn["notes"]) + 1))
        assert drawn["notes"], "the report prints quotes"
        assert set(drawn["map"]) <= set(drawn["notes"]), f"numbers without a note in {frame_name}"
        assert not drawn["overflow"]
        if quotes:
            assert drawn["callouts"] >= 1
            # more were picked than fit: the composer says which were left out
            page.page.get_by_text("do not fit this frame", exact=False).wait_for(timeout=30_000)
        else:
            assert page.page.get_by_text("do not fit this frame", exact=False).count() == 0


def test_a_dragged_callout_stays_put_after_a_rerun_and_in_a_shared_link(app, browser, page):
    frame = open_report(page, app.url + "?report=1&callouts=1")
    frame.wait_for_function("() => window.atlasView.calloutBoxes && window.atlasView.calloutBoxes[1]")
    start = frame.evaluate(CALLOUT_OFFSET_JS, 1)
    scale = float(frame.evaluate("() => window.atlasView.scale"))
    box = frame.locator(".ca-callout[data-n='1']").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.page.mouse.move(x, y)
    page.page.mouse.down()
    page.page.mouse.move(x - 60, y + 45, steps=8)
    page.page.mouse.up()
    page.page.wait_for_url(re.compile(r".*callouts=1(%3A|:)-?\d+(%3A|:)-?\d+.*"), timeout=30_000)
    moved = frame.evaluate(CALLOUT_OFFSET_JS, 1)
    assert moved[0] == pytest.approx(start[0] - 60 / scale, abs=2)
    assert moved[1] == pytest.approx(start[1] + 45 / scale, abs=2)
    stored = parse_qs(urlparse(page.page.url).query)["callouts"][0]
    assert stored == f"1:{round(moved[0])}:{round(moved[1])}"

    subtitle = page.page.get_by_label("Subtitle")
    subtitle.fill("After a rerun")
    subtitle.press("Enter")
    frame.locator(".ca-report-sub", has_text="After a rerun").wait_for(timeout=30_000)
    assert frame.evaluate(CALLOUT_OFFSET_JS, 1) == pytest.approx(moved, abs=1)

    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    reopened = Watched(context.new_page())
    again = open_report(reopened, page.page.url)
    again.wait_for_function("() => window.atlasView.calloutBoxes && window.atlasView.calloutBoxes[1]")
    assert again.evaluate(CALLOUT_OFFSET_JS, 1) == pytest.approx(moved, abs=1)
    context.close()


def test_the_exported_png_is_the_frame_on_screen(app, browser, tmp_path: Path):
    context = browser.new_context(viewport={"width": 1920, "height": 1250}, accept_downloads=True)
    page = Watched(context.new_page())
    frame = open_report(page, app.url + "?report=1&frame=Square%20(1080%C3%971080)&callouts=2")
    assert frame.evaluate("() => window.atlasView.scale") == 1  # the preview is at its true size here
    frame.wait_for_function(
        "() => window.atlasView.countryLabels && document.querySelector('.folium-map').dataset.basemap === 'loaded'"
    )
    page.wait_until_still()
    # the element can start on a fractional pixel: its screenshot may be one pixel larger
    screen = Image.open(io.BytesIO(frame.locator("#ca-report").screenshot())).convert("RGB").crop((0, 0, 1080, 1080))
    exported = Image.open(export_report_frame(page, "png", tmp_path)).convert("RGB")
    assert exported.size == (2160, 2160)
    halved = exported.resize(screen.size, Image.Resampling.BOX)
    # anti-aliasing differs between 1× and 2× rendering: compare both slightly blurred, so what remains is content
    blur = ImageFilter.GaussianBlur(1.5)
    difference = np.abs(
        np.asarray(halved.filter(blur), dtype=np.int16) - np.asarray(screen.filter(blur), dtype=np.int16)
    )
    mean = float(difference.mean())
    ARTIFACTS.mkdir(exist_ok=True)
    Image.fromarray(np.clip(difference * 4, 0, 255).astype(np.uint8)).save(
        ARTIFACTS / "export-vs-screen-difference.png"
    )
    shifted = np.abs(
        np.asarray(halved.filter(blur), dtype=np.int16)[:, 3:] - np.asarray(screen.filter(blur), dtype=np.int16)[:, :-3]
    ).mean()
    print(f"mean pixel difference export vs screen: {mean:.2f} / 255 (the same, 3 px off: {shifted:.2f})")
    assert shifted > PIXEL_DIFFERENCE_LIMIT  # the measure does see a frame drawn 3 px off
    assert mean < PIXEL_DIFFERENCE_LIMIT
    assert page.page_errors == []
    context.close()
