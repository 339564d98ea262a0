"""Speed, traffic and memory of the dashboard's map against a bare reference map and a naive baseline.

Run ``python -m bench.run`` (``make bench``). For the shipped catalog and for
generated user layers of N irregular corridors (``--sizes``), each app is
started with ``streamlit run`` and driven in headless Chromium, ``--runs``
times, taking turns: ours; the naive offline ``st_folium`` map of the same data
(the baseline); and a bare offline ``st_folium`` map of 9 lines and 10 points
with no labels (the reference: the floor of what Streamlit + Leaflet cost here). Per run it measures: seconds from spawning the
server to the map drawn; seconds from removing the Pipeline mode to the map
redrawn without pipelines; the bytes that reach the browser for that rerun and
for the first page load (WebSocket payloads and HTTP responses, via the Chrome
DevTools Protocol); and the server's peak resident memory. Tables show the
median [min–max] over runs and the ratios of the medians, ours / reference and ours / baseline.
See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from bench.generate_layer import VERTICES, mode_counts, write_layer
from harness.browser import CHROMIUM, CHROMIUM_ARGS, REPO, App, app_env, free_port

#: Where server logs go (ignored by git).
LOG_DIR = REPO / "bench" / "results" / "logs"
VIEWPORT = {"width": 1500, "height": 1300}
STATUS_WIDGET = '[data-testid="stStatusWidget"]'
#: The map counts as visible once its Leaflet container (and the iframe) are taller than this.
MIN_MAP_HEIGHT_PX = 100
#: Long waits are cut into slices this long, to notice a server that has exited.
WAIT_SLICE_S = 5.0
ENTRY = '''"""Entry of a benchmark app, written by bench.run next to a link to static/."""

import runpy

runpy.run_module("bench.{module}", run_name="__main__")
'''

#: Polled in the page: what the map iframe draws (a count) once the map is drawn, else false.
MAP_STATE_JS = """
([frameSelector, countJs, target, minHeight]) => {
    const frame = document.querySelector(frameSelector);
    if (!frame || frame.getBoundingClientRect().height <= minHeight) return false;
    const doc = frame.contentDocument;
    if (!doc) return false;
    const container = doc.querySelector('.leaflet-container');
    if (!container || container.getBoundingClientRect().height <= minHeight) return false;
    const count = new Function("doc", countJs)(doc);
    const done = target === null ? count > 0 : count === target;
    return done ? {count: count} : false;
}
"""
#: How many lines each map draws: ours counts the legs it shows once its data, lines and labels are in.
OUR_LEGS_JS = (
    "const m = doc.querySelector('.folium-map[data-ready=\"1\"][data-label-pass]');"
    " return m ? +m.dataset.shownLegs : 0;"
)
SVG_PATHS_JS = "return doc.querySelectorAll('.leaflet-overlay-pane path').length;"
ST_FOLIUM_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
OUR_FRAME = 'iframe[title="ui.map_component.atlas_map"]'


@dataclass(frozen=True)
class AppSpec:
    """How to start one app and count what its map draws."""

    name: str
    #: The main script (``None``: an entry script written next to a link to ``static/``, see ``ENTRY``).
    module: str
    #: The map's iframe.
    frame: str
    #: JavaScript body, given the iframe's ``doc``, returning how many lines are drawn.
    count_js: str
    #: The Mode multiselect's remove button for pipelines.
    remove_pipeline: str
    #: Whether the data depends on the dataset (the reference draws its own 9 lines whatever the dataset).
    uses_dataset: bool = True


OURS = AppSpec("ours", "app", OUR_FRAME, OUR_LEGS_JS, 'button[aria-label="Remove Pipeline"]')
REFERENCE = AppSpec(
    "reference", "reference_app", ST_FOLIUM_FRAME, SVG_PATHS_JS, 'button[aria-label="Remove pipeline"]', False
)
BASELINE = AppSpec("baseline", "baseline_app", ST_FOLIUM_FRAME, SVG_PATHS_JS, 'button[aria-label="Remove pipeline"]')
#: Pipelines among the reference's 9 lines.
REFERENCE_PIPELINES = 3


@dataclass(frozen=True)
class Dataset:
    """The shipped catalog alone (``lines == 0``), or with a generated layer of ``lines`` corridors."""

    key: str
    title: str
    lines: int


@dataclass(frozen=True)
class Metric:
    """One figure of the table."""

    key: str
    label: str
    unit: str  # "s", "B" or "MiB"


METRICS = (
    Metric("startup_s", "start → map visible (s)", "s"),
    Metric("filter_s", "filter change → map updated (s)", "s"),
    Metric("rerun_ws_bytes", "bytes per filter rerun, WebSocket", "B"),
    Metric("rerun_http_bytes", "bytes per filter rerun, HTTP", "B"),
    Metric("load_ws_bytes", "bytes for first load, WebSocket", "B"),
    Metric("load_http_bytes", "bytes for first load, HTTP", "B"),
    Metric("peak_mib", "peak server memory (VmHWM, MiB)", "MiB"),
)
#: Why a run has no value for a figure, most telling first.
MISSING_REASONS = ("timeout", "error", "skipped")


@dataclass
class Measurement:
    """One run of one app: values by metric key, and why any is missing ("timeout", "error", "skipped")."""

    values: dict[str, float] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def fail(self, reason: str, keys: list[str], note: str) -> None:
        for key in keys:
            if key not in self.values:
                self.missing.setdefault(key, reason)
        self.notes.append(note)

    def as_json(self) -> dict:
        return {"values": self.values, "missing": self.missing, "notes": self.notes, "counts": self.counts}


class BenchApp(App):
    """``streamlit run SCRIPT`` from the repository root; ``started`` is taken just before the spawn."""

    def __init__(self, script: str, env: dict[str, str], name: str, health_timeout_s: float):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        self.log = LOG_DIR / f"{name}-{self.port}.log"
        self._log_handle = self.log.open("w")
        command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(self.port)]
        command += ["--server.headless", "true", "--server.address", "127.0.0.1"]
        self.started = time.monotonic()
        self.process = subprocess.Popen(command, cwd=REPO, env=env, stdout=self._log_handle, stderr=subprocess.STDOUT)
        try:
            self._wait_healthy(health_timeout_s)
        except RuntimeError:
            self.stop()
            raise

    def peak_mib(self) -> float | None:
        """VmHWM of the server process, in MiB (None once it has exited)."""
        return peak_memory_mib(self.process.pid)


def peak_memory_mib(pid: int) -> float | None:
    """VmHWM (peak resident memory) of process ``pid``, in MiB; None once it has exited."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


class ByteMeter:
    """Bytes the page receives: WebSocket message payloads and HTTP responses (as encoded on the wire)."""

    def __init__(self, session):
        self.ws = 0
        self.http = 0
        session.on("Network.webSocketFrameReceived", self._on_frame)
        session.on("Network.loadingFinished", self._on_loaded)
        session.send("Network.enable")

    def _on_frame(self, event: dict) -> None:
        response = event["response"]
        payload = response.get("payloadData", "")
        self.ws += len(base64.b64decode(payload)) if response.get("opcode") == 2 else len(payload.encode())

    def _on_loaded(self, event: dict) -> None:
        self.http += int(event.get("encodedDataLength") or 0)

    def reset(self) -> None:
        self.ws = self.http = 0

    def take(self, page) -> tuple[int, int]:
        """Counts since the last reset, after a round trip to the page so pending events are in."""
        page.evaluate("0")
        return self.ws, self.http


class ServerExited(RuntimeError):
    """The server process ended while the benchmark was waiting on it."""


def wait_for_map(page, server: BenchApp, spec: AppSpec, *, target: int | None, timeout_s: float) -> int:
    """Wait (polling the DOM) until the map is drawn as asked; return the number of paths then.

    Waits in slices so that a server that dies is reported at once rather than at the timeout.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        remaining = deadline - time.monotonic()
        try:
            handle = page.wait_for_function(
                MAP_STATE_JS,
                arg=[spec.frame, spec.count_js, target, MIN_MAP_HEIGHT_PX],
                polling=50,
                timeout=max(min(remaining, WAIT_SLICE_S), 0.001) * 1000,
            )
            return int(handle.json_value()["count"])
        except PlaywrightTimeout:
            if server.process.poll() is not None:
                raise ServerExited(
                    f"server exited (code {server.process.returncode}) while the map was awaited"
                ) from None
            if remaining <= WAIT_SLICE_S:
                raise


def settle(page, measurement: Measurement, timeout_s: float) -> None:
    """Wait until Streamlit's running indicator is gone (the rerun has finished)."""
    try:
        page.locator(STATUS_WIDGET).wait_for(state="detached", timeout=timeout_s * 1000)
    except PlaywrightTimeout:
        measurement.notes.append(f"still running {timeout_s:g} s after the map was drawn")


def measure(
    browser, spec: AppSpec, dataset: Dataset, env: dict[str, str], script: str, timeout_s: float, pipelines: int
) -> Measurement:
    """Start one app, load it, remove the Pipeline mode once, and read its peak memory."""
    result = Measurement()
    keys = [m.key for m in METRICS]
    try:
        server = BenchApp(script, env, f"{spec.name}-{dataset.key}", health_timeout_s=timeout_s)
    except RuntimeError as error:
        result.fail("error", keys, f"server did not start: {str(error)[-300:]}")
        return result
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        meter = ByteMeter(context.new_cdp_session(page))
        deadline = server.started + timeout_s
        try:
            page.goto(server.url, wait_until="commit", timeout=timeout_s * 1000)
            before = wait_for_map(page, server, spec, target=None, timeout_s=deadline - time.monotonic())
        except PlaywrightTimeout:
            result.fail("timeout", keys[:-1], f"map not visible within {timeout_s:g} s of the server's start")
            return result
        result.values["startup_s"] = time.monotonic() - server.started
        settle(page, result, timeout_s)
        result.values["load_ws_bytes"], result.values["load_http_bytes"] = meter.take(page)
        result.counts["paths_before"] = before

        meter.reset()
        clicked = time.monotonic()
        try:
            page.locator(spec.remove_pipeline).first.click(timeout=30_000)
        except PlaywrightTimeout:
            result.fail("error", keys[:-1], f"no {spec.remove_pipeline} to click")
            return result
        try:
            after = wait_for_map(page, server, spec, target=before - pipelines, timeout_s=timeout_s)
        except PlaywrightTimeout:
            result.fail("timeout", keys[:-1], f"map not updated within {timeout_s:g} s of the click")
            return result
        result.values["filter_s"] = time.monotonic() - clicked
        result.counts["paths_after"] = after
        settle(page, result, timeout_s)
        result.values["rerun_ws_bytes"], result.values["rerun_http_bytes"] = meter.take(page)
    except ServerExited as error:
        result.fail("error", keys[:-1], str(error))
    except PlaywrightError as error:
        result.fail("error", keys[:-1], f"browser error: {str(error).splitlines()[0][:300]}")
    finally:
        peak = server.peak_mib()
        if peak is not None:
            result.values["peak_mib"] = peak
        else:
            result.fail("error", ["peak_mib"], "server exited before its memory was read")
        with contextlib.suppress(PlaywrightError):
            context.close()
        server.stop()
    return result


def write_entry(folder: Path, module: str) -> Path:
    """An app's main script, beside a link to ``static/`` so Streamlit serves Leaflet from it."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "static").exists():
        (folder / "static").symlink_to(REPO / "static", target_is_directory=True)
    entry = folder / f"{module}_entry.py"
    entry.write_text(ENTRY.format(module=module), encoding="utf-8")
    return entry


def catalog_pipelines() -> int:
    """Pipeline legs in the shipped catalog."""
    from corridors.atlas import load_atlas

    return int((load_atlas({}).legs()["mode"] == "pipeline").sum())


# --- summary and tables ---------------------------------------------------------------------------------------


def summarise(runs: list[Measurement], key: str) -> dict:
    """Median, min and max of one metric over runs, and the reasons for missing runs."""
    values = [run.values[key] for run in runs if key in run.values]
    missing = [run.missing.get(key, "error") for run in runs if key not in run.values]
    summary: dict = {"n": len(values), "missing": missing}
    if values:
        summary.update(median=statistics.median(values), min=min(values), max=max(values))
    return summary


def format_value(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.2f}"
    if unit == "MiB":
        return f"{value:.0f}"
    for factor, suffix in ((1e9, "GB"), (1e6, "MB"), (1e3, "kB")):
        if value >= factor:
            return f"{value / factor:.3g} {suffix}"
    return f"{value:.0f} B"


def format_cell(summary: dict, unit: str) -> str:
    """``median [min–max]``, then how many runs gave no value and why."""
    reasons = [reason for reason in MISSING_REASONS if reason in summary["missing"]]
    if not summary["n"]:
        return reasons[0] if reasons else "–"
    text = format_value(summary["median"], unit)
    low, high = format_value(summary["min"], unit), format_value(summary["max"], unit)
    if low != high:
        text += f" [{low}–{high}]"
    if reasons:
        text += " +" + ", ".join(f"{summary['missing'].count(reason)} {reason}" for reason in reasons)
    return text


def ratio(ours: dict, baseline: dict) -> float | None:
    if ours.get("n") and baseline.get("n") and baseline["median"] > 0:
        return ours["median"] / baseline["median"]
    return None


def table(dataset: Dataset, summaries: dict[str, dict[str, dict]], app_names: list[str], runs: int) -> str:
    """One dataset's figures as a text table, with ours / each other app's medians."""
    others = [name for name in app_names if name != "ours"] if "ours" in app_names else []
    header = ["metric", *app_names, *[f"ours/{name}" for name in others]]
    rows = [header]
    for metric in METRICS:
        row = [metric.label] + [format_cell(summaries[name][metric.key], metric.unit) for name in app_names]
        for name in others:
            value = ratio(summaries["ours"][metric.key], summaries[name][metric.key])
            row.append("–" if value is None else f"{value:.2f}×")
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [f"{dataset.title} — median [min–max] over {runs} run{'s' if runs != 1 else ''}"]
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


# --- command line ---------------------------------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    sizes = [int(part) for part in text.split(",") if part.strip()]
    if any(size <= 0 for size in sizes):
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=parse_sizes, default=[5000, 20000], help="generated layer sizes, e.g. 5000,20000"
    )
    parser.add_argument(
        "--baseline-max", type=int, default=5000, help="largest layer the naive baseline is run on (default 5000)"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per app and dataset (default 3)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--skip-baseline", action="store_true", help="measure ours and the reference only")
    which.add_argument("--only", choices=["ours", "reference", "baseline"], help="measure only one app")
    parser.add_argument("--no-catalog", action="store_true", help="leave out the shipped-catalog dataset")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds to wait for each step (default 180)")
    parser.add_argument("--out", type=Path, help="also write the results as JSON to this file")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    specs = [OURS, REFERENCE, BASELINE]
    if args.skip_baseline:
        specs = [OURS, REFERENCE]
    elif args.only:
        specs = [spec for spec in specs if spec.name == args.only]
    if not Path(CHROMIUM).exists():
        progress(f"Chromium not found at {CHROMIUM} (install Debian's chromium, or set CORRIDOR_ATLAS_CHROMIUM)")
        return 2

    datasets = [] if args.no_catalog else [Dataset("catalog", "Shipped catalog", 0)]
    datasets += [
        Dataset(f"generated-{n}", f"Catalog + generated layer of {n:,} irregular corridors × {VERTICES} vertices", n)
        for n in args.sizes
    ]
    report = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": "python -m bench.run " + " ".join(sys.argv[1:] if argv is None else argv),
        "runs": args.runs,
        "timeout_s": args.timeout,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "datasets": [],
    }
    base_pipelines = catalog_pipelines()

    with tempfile.TemporaryDirectory(prefix="corridor-atlas-bench-") as tmp, sync_playwright() as playwright:
        scratch = Path(tmp)
        scripts = {spec.name: str(write_entry(scratch / "apps", spec.module)) for spec in (REFERENCE, BASELINE)}
        scripts[OURS.name] = "serve.py"

        def launch():
            return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        browser = launch()
        report["machine"]["chromium"] = browser.version
        for dataset in datasets:
            env = app_env()
            if dataset.lines:
                layers = scratch / f"layers-{dataset.lines}"
                path = write_layer(layers / f"bench-lines-{dataset.lines}.geojson", dataset.lines, irregular=True)
                progress(f"wrote {path.name} ({path.stat().st_size / 1e6:.1f} MB)")
                env = app_env(CORRIDOR_ATLAS_LAYERS=str(layers))
            pipelines = base_pipelines + mode_counts(dataset.lines)["pipeline"]
            dataset_specs = [s for s in specs if s is not BASELINE or dataset.lines <= args.baseline_max]
            runs: dict[str, list[Measurement]] = {spec.name: [] for spec in dataset_specs}
            for number in range(1, args.runs + 1):
                for spec in dataset_specs:
                    earlier = runs[spec.name]
                    if earlier and earlier[0].missing.get("startup_s") == "timeout":
                        skipped = Measurement()
                        skipped.fail("skipped", [m.key for m in METRICS], "skipped: the first run timed out")
                        earlier.append(skipped)
                        continue
                    if not browser.is_connected():
                        browser = launch()
                    app_env_ = env if spec.uses_dataset else app_env()
                    removed = pipelines if spec.uses_dataset else REFERENCE_PIPELINES
                    result = measure(browser, spec, dataset, app_env_, scripts[spec.name], args.timeout, removed)
                    earlier.append(result)
                    progress(describe(dataset, spec, number, args.runs, result))
            summaries = {name: {m.key: summarise(results, m.key) for m in METRICS} for name, results in runs.items()}
            print(table(dataset, summaries, list(runs), args.runs) + "\n", flush=True)
            entry = {"key": dataset.key, "title": dataset.title, "lines": dataset.lines, "vertices": VERTICES}
            entry["runs"] = {name: [r.as_json() for r in results] for name, results in runs.items()}
            entry["summary"] = summaries
            if "ours" in summaries:
                entry["ratio"] = {
                    name: {m.key: ratio(summaries["ours"][m.key], summaries[name][m.key]) for m in METRICS}
                    for name in summaries
                    if name != "ours"
                }
            report["datasets"].append(entry)
            if args.out:
                write_json(args.out, report)
        browser.close()
    return 0


def describe(dataset: Dataset, spec: AppSpec, number: int, runs: int, result: Measurement) -> str:
    shown: list[str] = []
    for metric in METRICS:
        if metric.key in result.values:
            shown.append(f"{metric.key}={format_value(result.values[metric.key], metric.unit)}")
    text = f"[{dataset.key}] run {number}/{runs} {spec.name}: " + ", ".join(shown)
    return text + "".join(f"\n    {note}" for note in result.notes)


def write_json(path: Path, report: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
