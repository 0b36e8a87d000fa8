"""No module of the project imports one that imports it back, at any depth and whether the
import is at the top of a module or inside a function (grimp, import-linter's graph)."""

import grimp


def test_no_import_circle():
    graph = grimp.build_graph("apps")
    circles = sorted(
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
        if graph.chain_exists(importer=imported, imported=module)
    )
    assert not circles
