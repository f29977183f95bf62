"""The house rules of ARCHITECTURE.md, checked on the source: which room may import which, no
import cycle, tasks imported only inside functions, and no module past the size we split at."""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCREENING = REPO / "screening"

# Lowest first. A module may import its own room and any room on a lower line (ARCHITECTURE.md).
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"criteria"}),
    frozenset({"models"}),
    frozenset({"db", "phone", "security", "audit", "ops"}),
    frozenset({"pages", "phone_field"}),
    frozenset({"intake"}),
    frozenset({"reminders"}),
    frozenset({"exports"}),
    frozenset({"staff"}),
    frozenset({"demo"}),
    frozenset({"management", "admin", "apps", "urls"}),
)
# Doors: small modules any room may import, because they import nothing but the engine and the
# models: writing an outbox row in the caller's transaction, and the staff vocabulary.
DOORS = frozenset(
    {
        "screening.reminders.outbox",
        "screening.reminders.kinds",
        "screening.staff.labels",
        "screening.staff.roles",
    }
)
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for path in SCREENING.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(REPO).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _room(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def _layer(room: str) -> int:
    return next(i for i, rooms in enumerate(LAYERS) if room in rooms)


def _imports(path: Path, *, top_level_only: bool = True) -> set[str]:
    """The screening modules `path` imports (at module level, unless asked otherwise)."""
    tree = ast.parse(path.read_text())
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("screening"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in MODULES else str(node.module))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("screening"))
    return found


def test_every_room_is_placed_in_a_layer():
    rooms = {_room(module) for module in MODULES} - {""}
    placed = set().union(*LAYERS)
    assert rooms <= placed, rooms - placed


# Every module inside a room (screening/__init__.py itself belongs to none).
ROOM_MODULES = sorted(module for module in MODULES if _room(module))


@pytest.mark.parametrize("module", ROOM_MODULES)
def test_a_module_imports_only_its_own_room_lower_rooms_and_the_doors(module):
    here = _room(module)
    wrong = [
        imported
        for imported in _imports(MODULES[module])
        if imported not in DOORS
        and _room(imported)
        and _room(imported) != here
        and _layer(_room(imported)) > _layer(here)
    ]
    assert not wrong, f"{module} reaches up to {wrong}"


@pytest.mark.parametrize("door", sorted(DOORS))
def test_a_door_imports_nothing_but_the_engine_and_the_models(door):
    rooms = {_room(imported) for imported in _imports(MODULES[door])}
    assert rooms <= {"criteria", "models"}, (door, rooms)


def test_no_module_level_import_cycle():
    graph = {name: _imports(path) & MODULES.keys() for name, path in MODULES.items()}
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in done:
            return
        assert name not in visiting, " -> ".join((*trail, name))
        visiting.add(name)
        for imported in graph[name]:
            visit(imported, (*trail, name))
        visiting.discard(name)
        done.add(name)

    for name in graph:
        visit(name, ())


def test_tasks_are_imported_only_inside_functions():
    """Services enqueue tasks and tasks call services: a module-level import either way would be
    a cycle in waiting (ARCHITECTURE.md, "Tasks"). Management commands are entry points, like
    the worker itself, and may start from a task."""
    offenders = [
        name
        for name, path in MODULES.items()
        if not name.endswith(".tasks")
        and _room(name) != "management"
        and any(imported.endswith(".tasks") for imported in _imports(path))
    ]
    assert not offenders


def test_no_module_grows_past_the_size_at_which_we_split_it():
    long = {
        name: lines
        for name, path in MODULES.items()
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert not long, long


def test_the_rules_can_fail(tmp_path):
    """The checks above read real files: an upward import in a written module is found."""
    module = tmp_path / "probe.py"
    module.write_text("from screening.staff.views import case\n")
    assert _imports(module) == {"screening.staff.views.case"}
