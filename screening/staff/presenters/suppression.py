"""Small-cell suppression for the outcomes page and its CSV (issue 18 item 7).

The rule is CMS's cell-size suppression policy (CMS, "Cell Size Suppression Policy", the data
use agreement rule for CMS data: no cell of 1 to 10 beneficiaries may be shown, nor any figure
from which one can be worked out). The issue asks for every count under 11 to read "fewer than
11", so a zero is withheld too: stricter than CMS, and a zero can itself tell something about a
person ("none of the 14 who started in March stopped before submitting").

Withholding a small cell is not enough when a total is shown beside its parts: 40 submitted,
25 meet, 10 need review leaves the third part to subtraction. We chose complementary
suppression over withholding the total: the total (how many people started, submitted) is the
figure the clinic most needs and is rarely small, so instead one more cell, the smallest that
the recovery used, is withheld, and the check runs again until no withheld small cell can be
worked out from what is shown through any chain of the table's sums (a funnel's steps chain
through their drop-offs). Parts nobody sees ("not contacted", "did not respond") are cells too:
they are never shown, but if one of them is small the figures that reveal it are withheld.
A sum also gives something away when its withheld parts add up to under 11 ("60 submitted, 60
meet" tells that both other verdicts are 0), and along a chain of sums (a funnel's stages two
steps apart): both are checked. Rates and statistics made from a withheld count are withheld
with it (presenters/outcomes.py).

A complement reads "withheld", not "fewer than 11", which would be untrue of it. The rule keeps
every small cell from being worked out exactly; it does not hide ranges: with 25 submitted, 12
meeting the criteria, one withheld verdict known to be 11 or more and the other fewer than 11,
the small one is seen to be 0 to 2. Withholding the total instead would hide that range here,
but along a funnel it withholds every stage above a small drop-off, the figures the page exists
to show; for counts this coarse (a month of a clinic's cases) we judged the exact-value rule
enough. ⚠ For the privacy officer to confirm.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Final

# The smallest count that may be shown (CMS cell-size suppression policy: 1-10 are withheld).
SMALL_CELL_MIN: Final = 11
SMALL_CELL_TEXT: Final = "fewer than 11"
SMALL_CELL_CSV: Final = "<11"

# A sum the table shows or implies: total = the sum of parts.
Relation = tuple[str, Sequence[str]]


def is_small(count: int) -> bool:
    return count < SMALL_CELL_MIN


def withheld_cells(
    cells: Mapping[str, int],
    relations: Iterable[Relation],
    *,
    hidden: Iterable[str] = (),
) -> set[str]:
    """Which shown cells to withhold so that no small cell (shown or hidden) can be worked out.

    `cells` holds every cell of one table (one month of one measure), `relations` its sums,
    `hidden` the cells that are never shown but take part in a sum. Returns the shown cells to
    withhold: every small one, and the complements that keep them from subtraction.
    """
    relations = [(total, tuple(parts)) for total, parts in relations]
    hidden = set(hidden)
    order = {name: index for index, name in enumerate(cells)}
    small = {name for name, count in cells.items() if is_small(count)}
    withheld = {name for name in cells if name in small and name not in hidden}
    while True:
        clues, via = _first_leak(cells, relations, withheld | hidden, small)
        if clues is None:
            return withheld
        sources = _sources(clues, via, withheld | hidden)
        # The smallest figure the working-out used; on a tie, the later one (a part before a
        # total, a later step before an earlier one).
        withheld.add(min(sources, key=lambda name: (cells[name], -order[name])))


def _first_leak(
    cells: Mapping[str, int],
    relations: list[tuple[str, tuple[str, ...]]],
    unknown_at_start: set[str],
    small: set[str],
) -> tuple[tuple[str, ...] | None, dict[str, tuple[str, ...]]]:
    """Work out every cell that subtraction can reach. Return the known cells of the first sum
    that gives away something small (or None), and, for each cell worked out, its sum.

    A sum gives away something small when its one unknown cell is small, or when its total is
    known and its unknown parts together come to under 11: "60 submitted, 60 meet" tells that
    both other verdicts are 0 even with each of them withheld."""
    known = {name for name in cells if name not in unknown_at_start}
    via: dict[str, tuple[str, ...]] = {}
    progress = True
    while progress:
        progress = False
        for total, parts in relations:
            members = (total, *parts)
            unknown = [name for name in members if name not in known]
            if len(unknown) == 1:
                found = unknown[0]
                known.add(found)
                via[found] = members
                progress = True
                if found in small:
                    return tuple(name for name in members if name != found), via
    for total, parts in relations:
        unknown_parts = [name for name in parts if name not in known]
        gives_away = is_small(sum(cells[name] for name in unknown_parts))
        if total in known and len(unknown_parts) > 1 and gives_away:
            return (total, *(name for name in parts if name in known)), via
    return None, via


def _sources(
    clues: Iterable[str], via: Mapping[str, tuple[str, ...]], unknown: set[str]
) -> set[str]:
    """The shown cells a working-out rests on, through every step of the chain."""
    found: set[str] = set()
    todo = list(clues)
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name not in unknown:
            found.add(name)
        elif name in via:
            todo.extend(member for member in via[name] if member not in seen)
    return found
