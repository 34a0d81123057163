"""`mlops-deck rules [RULE]`: the rule table, or one rule's documentation."""
from __future__ import annotations

import click

from . import Failure, guarded, main


@main.command()
@click.argument("rule", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@guarded
def rules(rule: str | None, fmt: str) -> None:
    """List every lint rule, or print the documentation of RULE (an id or a name)."""
    from ..lint.registry import all_rules

    registry = all_rules()
    if rule is None:
        click.echo(_table(registry.values(), fmt), nl=False)
        return
    found = [r for r in registry.values()
             if rule.upper() == r.id or rule == r.name or rule in r.aliases]
    if not found:
        raise Failure(f"unknown rule '{rule}' (run `mlops-deck rules` for the list)")
    click.echo(_doc(found[0], fmt), nl=False)


def _row(r) -> dict:
    return {"id": r.id, "name": r.name, "severity": str(r.severity), "fixable": r.fixable,
            "tags": list(r.tags), "options": dict(r.options), "summary": r.summary}


def _table(rules, fmt: str) -> str:
    rows = [_row(r) for r in rules]
    if fmt == "json":
        import json
        return json.dumps(rows, ensure_ascii=False, indent=2, default=list) + "\n"
    width = max((len(r["name"]) for r in rows), default=4)
    lines = [f"{'ID':<6} {'NAME':<{width}} {'SEVERITY':<8} FIX SUMMARY"]
    lines += [f"{r['id']:<6} {r['name']:<{width}} {r['severity']:<8} "
              f"{'yes' if r['fixable'] else '-':<3} {r['summary']}" for r in rows]
    return "\n".join(lines) + f"\n{len(rows)} rules.\n"


def _doc(r, fmt: str) -> str:
    if fmt == "json":
        import json
        return json.dumps({**_row(r), "doc": r.doc}, ensure_ascii=False, indent=2,
                          default=list) + "\n"
    head = (f"{r.id} {r.name}  severity: {r.severity} · fix: "
            f"{'safe' if r.fixable else 'none'} · tags: {', '.join(r.tags) or '-'}")
    if r.options:
        head += "\noptions: " + ", ".join(f"{k} (default {v!r})" for k, v in r.options.items())
    return f"{head}\n\n{r.doc}\n"
