from pathlib import Path

from mlops_deck.diagnostics import Diagnostic, Severity
from mlops_deck.model import Span


def diag(span: Span, rule: str = "DK301") -> Diagnostic:
    return Diagnostic(Path("d.md"), span, rule, "name", Severity.WARNING, "m", 1)


def test_diagnostics_with_and_without_ends_sort_together():
    with_end = diag(Span(7, 1, 7, 4), "DK301")
    without = diag(Span(7, 1), "DK306")
    earlier = diag(Span(3, 9))
    assert sorted([with_end, without, earlier]) == [earlier, without, with_end]


def test_str_is_path_line_col_id_message_name():
    assert str(diag(Span(12, 3))) == "d.md:12:3: DK301 m [name]"
