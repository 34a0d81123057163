"""Rendering: deck model -> Marp-faithful HTML (``render.html.render_deck``) and, in other
modules, browser exports. Import the submodule you need; this package imports nothing
eagerly so a CLI command stays fast."""
