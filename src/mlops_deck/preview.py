"""Live preview: serve the rendered deck on loopback, re-render on every save, push a reload.

Three parts, each small:

* :class:`Preview` holds the last good render, the current error and the lint findings. A
  refresh renders and publishes a new *version* (the browser reloads at once); a background
  thread then lints the same parsed deck and publishes its findings (the overlay updates),
  always for the newest version — so a slow rule never delays the page.
* :func:`watch_forever` follows the deck, its images, the theme folder and the config with
  watchfiles (watching folders, so an editor's save-by-rename is seen) and calls ``refresh``.
* :class:`Handler` serves ``/`` (the deck, self-contained, plus the overlay client),
  ``/__mlops/client.js``, ``/__mlops/state`` (JSON), ``/__mlops/patch`` (the slides that
  changed, so the browser swaps just those instead of reloading a page of megabytes) and
  ``/__mlops/events`` (Server-Sent Events: ``reload`` for a new render, ``findings`` for new
  lint results). Every other path is a 404: the page embeds its images, so no file of the
  project is ever served.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

CLIENT_JS = Path(__file__).with_name("preview_client.js")
EVENTS_HEARTBEAT_S = 10.0
LINT_DELAY_S = 0.4
CONFIG_NAMES = ("pyproject.toml", ".mlops-deck.yml", ".mlops-deck.yaml")


@dataclass(frozen=True)
class Snapshot:
    """What the browser sees: a render version, the last good HTML, an error, the findings."""

    version: int = 0
    html: str | None = None
    error: str | None = None
    findings: tuple[dict, ...] = ()
    findings_version: int = 0  # the render version the findings belong to
    watched: frozenset[Path] = frozenset()  # files whose change triggers a refresh
    slides: tuple[str, ...] = ()  # each slide's markup, as it appears in `html`
    frame: str = ""  # digest of the page without its slides (head, CSS, notes, script)


@dataclass
class Renderer:
    """How a preview renders and lints; :func:`deck_renderer` makes the real one."""

    # path -> (deck, html, each slide's markup, watched files)
    render: Callable[[Path], tuple[Any, str, list[str], set[Path]]]
    lint: Callable[[Any], list[dict]] = field(default=lambda deck: [])


class Preview:
    def __init__(self, deck_path: Path, renderer: Renderer):
        self.deck_path, self.renderer = deck_path, renderer
        self.snapshot = Snapshot(watched=frozenset({deck_path.resolve()}))
        self.changed = threading.Condition()
        self._rendering = threading.Lock()  # one render at a time, in save order
        self._to_lint: tuple[int, Any] | None = None  # latest (version, deck) not yet linted
        self._linter: threading.Thread | None = None
        self._previous: Snapshot | None = None  # the render before the current one

    def refresh(self) -> Snapshot:
        """Render and publish; lint follows in the background (the newest version wins)."""
        with self._rendering:
            old = self.snapshot
            try:
                deck, html, slides, watched = self.renderer.render(self.deck_path)
            except Exception as exc:  # noqa: BLE001 - a half-written save must not stop us
                return self._publish(replace(old, version=old.version + 1, error=_one_line(exc)))
            new = self._publish(Snapshot(old.version + 1, html, None, old.findings,
                                         old.findings_version, frozenset(watched),
                                         tuple(slides), _frame_digest(html, slides)))
        self._schedule_lint(new.version, deck)
        return new

    def _schedule_lint(self, version: int, deck: Any) -> None:
        with self.changed:
            self._to_lint = (version, deck)
            if self._linter is None or not self._linter.is_alive():
                self._linter = threading.Thread(target=self._lint_loop, daemon=True,
                                                name="mlops-deck-lint")
                self._linter.start()

    def _lint_loop(self) -> None:
        while True:
            # Let the browser fetch the new render first: lint holds the GIL for a while,
            # and a burst of saves then costs one lint, not one per save.
            time.sleep(LINT_DELAY_S)
            with self.changed:
                if self._to_lint is None:
                    self._linter = None
                    return
                version, deck = self._to_lint
                self._to_lint = None
            try:
                findings, error = tuple(self.renderer.lint(deck)), None
            except Exception as exc:  # noqa: BLE001
                findings, error = (), f"lint failed: {_one_line(exc)}"
            with self.changed:
                if self.snapshot.version == version:  # an older result would point at old lines
                    self._publish(replace(self.snapshot, findings=findings,
                                          findings_version=version,
                                          error=error or self.snapshot.error))

    def wait_linted(self, timeout: float) -> Snapshot:
        """Wait until the findings belong to the current version (tests, benches)."""
        with self.changed:
            self.changed.wait_for(
                lambda: self.snapshot.findings_version == self.snapshot.version, timeout=timeout)
            return self.snapshot

    def _publish(self, snapshot: Snapshot) -> Snapshot:
        with self.changed:
            if snapshot.version != self.snapshot.version and snapshot.html is not None \
                    and snapshot.error is None:
                self._previous = self.snapshot if self.snapshot.html else None
            self.snapshot = snapshot
            self.changed.notify_all()
        return snapshot

    def wait_for_change(self, seen: tuple[int, int, str | None], timeout: float) -> Snapshot:
        with self.changed:
            self.changed.wait_for(lambda: _mark(self.snapshot) != seen, timeout=timeout)
            return self.snapshot

    def patch_json(self, since: int) -> bytes:
        """The slides that changed since render ``since``, if only slides changed; else
        ``full``: the browser reloads the page. Only the last two renders are known."""
        s, prev = self.snapshot, self._previous
        patch: dict[str, Any] = {"version": s.version, "full": True}
        if prev is not None and prev.version == since and prev.frame == s.frame \
                and len(prev.slides) == len(s.slides) and s.html:
            changed = {i: html for i, (old, html) in enumerate(zip(prev.slides, s.slides))
                       if old != html}
            patch = {"version": s.version, "full": False, "slides": changed}
        return json.dumps(patch, ensure_ascii=False).encode()

    def state_json(self) -> bytes:
        s = self.snapshot
        return json.dumps({"version": s.version, "error": s.error, "findings": s.findings,
                           "findings_version": s.findings_version},
                          ensure_ascii=False).encode()


def _frame_digest(html: str, slides: list[str]) -> str:
    from .hashing import blake2b

    frame = html
    for slide in slides:
        frame = frame.replace(slide, "", 1)
    return blake2b(frame.encode(), digest_size=16).hexdigest()


def _mark(s: Snapshot) -> tuple[int, int, str | None]:
    return s.version, s.findings_version, s.error


def _one_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def deck_renderer(root: Path, theme: str | None = None, lint: bool = True) -> Renderer:
    """Parse once → render → lint, as ``build`` does, with ``data-line`` source lines on the
    slides and system fonts (no subsetting: the preview runs where the fonts are installed,
    and must answer within a save)."""
    from .build import lint_for_build, parse_for_build, render_for_build
    from .render.html import RenderOptions
    from .render.theme import find_theme_folder

    from .lint.asset_cache import AssetResults

    options = RenderOptions(theme=theme, source_lines=True, fonts=False, project_root=root)
    store = AssetResults(root)  # per-diagram lint results, kept across saves

    def render(deck_path: Path):
        deck = parse_for_build(deck_path, root)
        rendered = render_for_build(deck, options, root)
        images = {img.path.resolve() for s in deck.slides for img in s.images if img.path}
        theme_files = find_theme_folder(rendered.theme, root).glob("*")
        watched = {deck_path.resolve(), *images, *(p.resolve() for p in theme_files)}
        watched |= {(root / name).resolve() for name in CONFIG_NAMES}
        return deck, rendered.html, rendered.slides, watched

    def lint_deck(deck) -> list[dict]:
        return [finding_view(d) for d in lint_for_build(deck, root, store)] if lint else []
    return Renderer(render, lint_deck)


def finding_view(d) -> dict:
    return {"line": d.span.line, "col": d.span.col, "rule_id": d.rule_id,
            "rule_name": d.rule_name, "severity": str(d.severity), "message": d.message,
            "slide": d.slide}


def watch_forever(preview: Preview, stop: threading.Event,
                  on_refresh: Callable[[Snapshot], None] | None = None) -> None:
    """Refresh the preview whenever a watched file changes, until ``stop`` is set."""
    import watchfiles

    while not stop.is_set():
        watched = preview.snapshot.watched | {preview.deck_path.resolve()}
        folders = sorted({p.parent for p in watched if p.parent.is_dir()})

        def relevant(_change, path: str) -> bool:
            return Path(path).resolve() in watched

        for _ in watchfiles.watch(*folders, watch_filter=relevant, debounce=30, step=10,
                                  stop_event=stop, recursive=False, raise_interrupt=True):
            snapshot = preview.refresh()
            if on_refresh:
                on_refresh(snapshot)
            if snapshot.watched and snapshot.watched != watched:
                break  # the deck now uses other files: watch their folders


class Handler(BaseHTTPRequestHandler):
    preview: Preview  # set on the subclass made by make_server
    server_version = "mlops-deck-preview"

    def log_message(self, fmt: str, *args) -> None:  # quiet: the terminal shows findings
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = urlsplit(self.path).path
        if path in ("/", "/index.html"):
            return self._deck()
        if path == "/__mlops/state":
            return self._send(HTTPStatus.OK, "application/json", self.preview.state_json())
        if path == "/__mlops/patch":
            since = parse_qs(urlsplit(self.path).query).get("since", ["-1"])[0]
            body = self.preview.patch_json(int(since) if since.lstrip("-").isdigit() else -1)
            return self._send(HTTPStatus.OK, "application/json", body)
        if path == "/__mlops/client.js":
            return self._send(HTTPStatus.OK, "text/javascript", CLIENT_JS.read_bytes())
        if path == "/__mlops/events":
            return self._events()
        return self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found\n")

    def _deck(self) -> None:
        s = self.preview.snapshot
        html = s.html or ("<!DOCTYPE html><meta charset=utf-8><title>mlops-deck preview</title>"
                          "<body></body>")
        tag = f'<script src="/__mlops/client.js" data-version="{s.version}"></script>'
        at = html.rfind("</body>")
        page = html[:at] + tag + html[at:] if at >= 0 else html + tag
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", page.encode())

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = _mark(self.preview.snapshot)
        try:
            self.wfile.write(f"event: hello\ndata: {seen[0]}\n\n".encode())
            self.wfile.flush()
            while not self.server.closing:  # type: ignore[attr-defined]
                s = self.preview.wait_for_change(seen, EVENTS_HEARTBEAT_S)
                if _mark(s) == seen:
                    self.wfile.write(b": heartbeat\n\n")
                else:
                    kind = "reload" if s.version != seen[0] and not s.error else "findings"
                    self.wfile.write(f"event: {kind}\ndata: {s.version}\n\n".encode())
                    seen = _mark(s)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def _send(self, status: HTTPStatus, ctype: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    closing = False


def make_server(preview: Preview, host: str, port: int) -> PreviewServer:
    """Bind the server (raises OSError when the port is taken)."""
    handler = type("BoundHandler", (Handler,), {"preview": preview})
    return PreviewServer((host, port), handler)


def serve(server: PreviewServer, preview: Preview,
          on_refresh: Callable[[Snapshot], None] | None = None) -> None:
    """Render, then serve until KeyboardInterrupt; then stop the watcher and close cleanly."""
    stop = threading.Event()
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                               name="mlops-deck-serve", daemon=True)
    serving.start()
    try:
        first = preview.refresh()
        if on_refresh:
            on_refresh(first)
        watch_forever(preview, stop, on_refresh)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.closing = True
        with preview.changed:
            preview.changed.notify_all()
        server.shutdown()
        server.server_close()
