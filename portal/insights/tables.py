"""The tables an insights page returns: raw values; the core suppresses, formats,
charts and exports them."""

from collections.abc import Callable
from dataclasses import dataclass, field

TEXT = "text"
COUNT = "count"  # things (offers, sessions): never suppressed
PEOPLE = "people"  # people counted: under 5 shown as "fewer than 5"
NUMBER = "number"
PERCENT = "percent"
RATIO = "ratio"
DERIVED = frozenset({NUMBER, PERCENT, RATIO})  # suppressed with their `base` people column
KINDS = frozenset({TEXT, COUNT, PEOPLE}) | DERIVED


@dataclass
class Column:
    key: str
    label: str
    kind: str = COUNT  # "text" | "count" | "people" | "number" | "percent" | "ratio"
    # For a derived column: the people column(s) in the same row it was computed from;
    # it is hidden whenever any of them is.
    base: str | tuple[str, ...] | None = None
    # For a derived column: how to work it out again from the row's published figures
    # and the totals row's (people counts rounded to 5), so that a share or ratio
    # cannot be turned back into the exact count. Called only when it is shown.
    formula: Callable[[dict, dict | None], object] | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Unknown column kind {self.kind!r}")
        if (self.base or self.formula) and self.kind not in DERIVED:
            raise ValueError("Only derived columns (number, percent, ratio) have a base")

    @property
    def bases(self) -> tuple[str, ...]:
        if not self.base:
            return ()
        return (self.base,) if isinstance(self.base, str) else tuple(self.base)

    @property
    def is_numeric(self) -> bool:
        return self.kind != TEXT


@dataclass
class Table:
    key: str  # slug, used for the CSV download name and anchors
    title: str
    columns: list[Column]
    rows: list[dict]  # raw values
    caption: str = ""
    chart: str | None = None  # "bar" | "line" | None
    chart_label: str | None = None  # column key naming each bar / x value
    chart_values: list[str] = field(default_factory=list)  # column keys plotted
    note: str = ""
    # A row of totals shown under the others ({column key: value}); suppression treats
    # it as the sum of the column, so it protects the cells above it.
    total: dict | None = None
    # Columns that add up to another column in every row ({"leaders": ["gps", "others"]}):
    # with the whole shown, one hidden part could be worked out from the others.
    row_parts: dict[str, list[str]] = field(default_factory=dict)

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)
