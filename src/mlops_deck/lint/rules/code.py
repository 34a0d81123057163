"""DK301-DK305 code blocks: a language for highlighting, code that parses (Python, bash,
JSON/YAML/TOML) and names that are defined. Positions are mapped back to the deck line:
block line N is ``CodeBlock.first_code_line + N - 1``. The height check is in
:mod:`.code_height`.
"""
from __future__ import annotations

import ast
import re
from typing import Iterator

from ...diagnostics import Severity
from ...model import CodeBlock, Deck, Slide, Span
from ..registry import Finding, RuleContext, rule
from .structure import line_spans
from .code_names import undefined_names

TAGS = ("code",)
PYTHON = ("python", "py", "python3", "py3")
SHELL = ("bash", "sh", "shell")
_MAGIC = re.compile(r"^\s*[%!]")  # IPython `%pip` / `!ls` lines are not Python


def blocks(deck: Deck, langs: tuple[str, ...] | None = None) -> Iterator[tuple[Slide, CodeBlock]]:
    for slide in deck.slides:
        for code in slide.code_blocks:
            if langs is None or (code.lang or "").lower() in langs:
                yield slide, code


def at(code: CodeBlock, line: int, col: int = 1) -> Span:
    """Span of ``line``:``col`` (1-based, inside the block) in the deck."""
    line = min(max(line, 1), max(code.line_count, 1))
    return Span(code.first_code_line + line - 1, code.span.col + max(col, 1) - 1)


@rule("DK301", "code-block-language", Severity.WARNING, tags=TAGS)
@line_spans
def code_block_language(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a fenced code block without a language, and an indented code block (which
    cannot have one).

    ## Why is this bad?
    Marp highlights code by its language: without one the block is plain monochrome text,
    and no checker here (syntax, names, data formats) can look at it. An indented block
    in a slide is often an accident: four spaces of indentation turn prose into code.

    ## Example
    ````markdown
    ```
    dvc push
    ```
    ````

    ## Use instead
    ````markdown
    ```bash
    dvc push
    ```
    ````
    """
    for slide, code in blocks(deck):
        if not code.fenced:
            yield Finding(code.span, "indented code block: it has no language (use a fenced "
                          "block with one)", slide.index)
        elif not code.lang:
            yield Finding(code.span, "code block has no language", slide.index)


def parse_python(code: CodeBlock) -> tuple[ast.Module | None, SyntaxError | None]:
    text = "\n".join("" if _MAGIC.match(line) else line for line in code.text.split("\n"))
    flags = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT  # notebook-style `await`
    try:
        return compile(text, "<code block>", "exec", flags, dont_inherit=True), None
    except SyntaxError as error:
        return None, error
    except (ValueError, RecursionError, MemoryError) as error:  # null bytes, deep nesting
        return None, SyntaxError(str(error))


@rule("DK302", "python-syntax-error", Severity.ERROR, tags=TAGS)
@line_spans
def python_syntax_error(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a `python` code block that does not parse, at the line of the error.
    IPython lines starting with `%` or `!` are skipped.

    ## Why is this bad?
    Code on a study slide is copied and run: a missing bracket or a stray indent teaches
    the wrong thing and fails for the reader.

    ## Example
    ````markdown
    ```python
    estimator.fit({"train": train_input)
    ```
    ````

    ## Use instead
    ````markdown
    ```python
    estimator.fit({"train": train_input})
    ```
    ````
    """
    for slide, code in blocks(deck, PYTHON):
        _, error = parse_python(code)
        if error is not None:
            yield Finding(at(code, error.lineno or 1, error.offset or 1),
                          f"Python syntax error: {error.msg}", slide.index)


@rule("DK303", "python-undefined-name", Severity.WARNING, tags=TAGS, options={"allow": ()})
@line_spans
def python_undefined_name(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a name used in a `python` code block that the block neither defines, imports
    nor gets from builtins (pyflakes' "undefined name"). Each name is reported once per
    block, at its first use.

    ## Why is this bad?
    A snippet that uses `sess` but imports `session` fails when the reader runs it. Names a
    slide leaves to the reader on purpose (`role`, `bucket`) belong in `allow`.

    ## Example
    ````markdown
    ```python
    import sagemaker
    est = Estimator(image_uri=uri, role=role)
    ```
    ````

    ## Use instead
    ````markdown
    ```python
    import sagemaker
    from sagemaker.estimator import Estimator
    role = sagemaker.get_execution_role()
    est = Estimator(image_uri=uri, role=role)
    ```
    ````

    ## Options
    - `allow` (list, default `[]`): placeholder names the deck uses on purpose.
    """
    allowed = set(ctx.option("allow", ()))
    for slide, code in blocks(deck, PYTHON):
        tree, _ = parse_python(code)
        if tree is None:
            continue
        try:
            undefined = undefined_names(tree)
        except RecursionError:  # an expression thousands of levels deep: not a slide snippet
            continue
        seen: set[str] = set()
        for node in undefined:
            if node.id in allowed or node.id in seen:
                continue
            seen.add(node.id)
            yield Finding(at(code, node.lineno, node.col_offset + 1),
                          f"undefined name `{node.id}`", slide.index)


_BASH_LINE = re.compile(r"line (\d+): (.*)")


@rule("DK304", "shell-syntax-error", Severity.ERROR, tags=TAGS)
@line_spans
def shell_syntax_error(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a `bash`/`sh`/`shell` code block that `bash -n` (parse without running) rejects,
    at the line bash names. Nothing is executed. Without a `bash` on the PATH the check
    cannot run and reports nothing.

    ## Why is this bad?
    An unclosed quote or a missing `fi` makes the command fail for every reader who copies
    it; on a slide nobody notices until then.

    ## Example
    ````markdown
    ```bash
    if [ -f data.csv ]; then
      dvc add data.csv
    ```
    ````

    ## Use instead
    ````markdown
    ```bash
    if [ -f data.csv ]; then
      dvc add data.csv
    fi
    ```
    ````
    """
    shell = list(blocks(deck, SHELL))
    if not shell:
        return
    import shutil  # only decks with shell blocks pay for it
    bash = shutil.which("bash")
    for slide, code in shell:
        error = _bash_error(bash, code.text) if bash else None
        if error:
            line, message = error
            yield Finding(at(code, line), f"shell syntax error: {message}", slide.index)


def _bash_error(bash: str, text: str) -> tuple[int, str] | None:
    import subprocess
    try:
        run = subprocess.run([bash, "-n"], input=text.encode(), capture_output=True,
                             timeout=5, env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"})
    except (OSError, subprocess.SubprocessError):
        return None
    if run.returncode == 0:
        return None
    for line in run.stderr.decode(errors="replace").splitlines():
        m = _BASH_LINE.search(line)
        if m and "warning" not in m.group(2):
            return int(m.group(1)), m.group(2).strip()
    return None


def data_error(lang: str, text: str) -> tuple[int, int, str] | None:
    """(line, column, message) of the first parse error, 1-based, or None."""
    if lang == "json":
        import json
        try:
            json.loads(text)
        except ValueError as e:
            return getattr(e, "lineno", 1), getattr(e, "colno", 1), getattr(e, "msg", str(e))
    elif lang in ("yaml", "yml"):
        import yaml
        try:
            for _ in yaml.load_all(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
                pass
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
            problem = getattr(e, "problem", None) or str(e).split("\n")[0]
            return (mark.line + 1, mark.column + 1, problem) if mark else (1, 1, problem)
    elif lang == "toml":
        import tomllib
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
            message = re.sub(r"\s*\(at line.*\)$", "", str(e))
            return (int(m.group(1)), int(m.group(2)), message) if m else (1, 1, message)
    return None


@rule("DK305", "data-block-parse-error", Severity.ERROR, tags=TAGS)
@line_spans
def data_block_parse_error(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a `json`, `yaml`/`yml` or `toml` code block that does not parse (with Python's
    `json`, PyYAML's safe loader, `tomllib`), at the line of the error.

    ## Why is this bad?
    MLOps slides are full of manifests, pipeline definitions and configs that readers copy.
    A trailing comma or a tab in YAML makes them unusable.

    ## Example
    ````markdown
    ```json
    {"instance_type": "ml.m5.xlarge",}
    ```
    ````

    ## Use instead
    ````markdown
    ```json
    {"instance_type": "ml.m5.xlarge"}
    ```
    ````
    """
    for slide, code in blocks(deck, ("json", "yaml", "yml", "toml")):
        try:
            error = data_error((code.lang or "").lower(), code.text)
        except RecursionError:  # nested thousands deep: Python's parsers give up, so do we
            continue
        if error:
            line, col, message = error
            yield Finding(at(code, line, col), f"{code.lang} does not parse: {message}",
                          slide.index)
