"""The package's folders are its jobs, and data flows one way through them:
store -> data -> maps / report -> briefing -> app -> views. A lower folder never imports a higher
one (nor a sibling of its own rank), so each can be read and tested without those above it.
Every import counts, at the top of a module or inside a function."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "frontmap"

# The rank of each part of the package; a module may import only parts of a lower rank, or its own.
RANK = {
    "i18n": -1,  # the words: below everything, so that any module may say them
    "limits": 0,
    "safetext": 0,
    "styles": 0,
    "cache": 0,
    "schema": 0,
    "store": 1,
    "data": 2,
    "maps": 3,
    "report": 3,
    "briefing": 4,
    "app": 5,
    "__main__": 6,
}
# What only the app's glue and the CLI may import: the drawing libraries stay out of store and
# data, Streamlit out of everything below the app.
ONLY_FROM = {"folium": 3, "branca": 3, "streamlit_folium": 5, "streamlit": 5, "matplotlib": 3}


def part_of(module: str) -> str:
    return module.removeprefix("frontmap.").split(".")[0]


def imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
            if node.module == "frontmap":  # `from frontmap import store`: the names are parts
                found += [(node.lineno, f"frontmap.{alias.name}") for alias in node.names]
    return found


def test_no_folder_imports_one_above_it():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        here = relative.parts[0].removesuffix(".py")
        if here == "__init__":
            continue
        for line, module in imports(path):
            top = module.split(".")[0]
            if module.startswith("frontmap.") or module == "frontmap":
                if module == "frontmap":
                    continue
                there = part_of(module)
                if there != here and RANK[there] >= RANK[here]:
                    wrong.append(f"{relative}:{line} imports {module} ({here} is below or beside {there})")
            elif top in ONLY_FROM and RANK[here] < ONLY_FROM[top]:
                wrong.append(f"{relative}:{line} imports {module}, which belongs above {here}")
    assert not wrong, "\n".join(wrong)


def test_every_part_has_a_rank():
    parts = {p.name.removesuffix(".py") for p in PACKAGE.iterdir() if not p.name.startswith(("_", "."))}
    parts -= {"frontmap.egg-info"}
    assert parts <= set(RANK), f"give {parts - set(RANK)} a rank in RANK"


def test_pages_use_the_package_not_each_other():
    for page in (ROOT / "views").glob("*.py"):
        for line, module in imports(page):
            assert not module.startswith("views"), f"views/{page.name}:{line} imports another page"
