"""Execute the chapters a build is about to read side by side, one kernel per core, into myst-nb's cache.

With ``execute_notebooks: cache`` myst-nb executes each notebook that is not in its jupyter-cache
when Sphinx reads it, one after another. On a machine with more than one core that leaves cores
idle for most of a cold build. Before Sphinx reads anything (``env-before-read-docs``), this
extension finds the notebooks it will read whose code is not in the cache and executes them
concurrently (as many at a time as the process may use cores), each exactly as myst-nb would:
jupyter-cache's ``single_nb_execution`` with the build's timeout, ``allow_errors`` and working folder
(the notebook's own folder, or a temporary one with ``run_in_temp``), then ``cache_notebook_bundle``.
Sphinx then reads every page as before and myst-nb finds them in the cache ("Using cached notebook").

Nothing else changes: a notebook that fails here is not cached, so myst-nb executes it again while
reading and reports the error as it always does (file and cell named, the build fails under ``-W``);
with any other execution mode (``off`` for the student edition and the PDF, ``force``, ``auto``,
``inline``), or one notebook to run, or one core, this extension does nothing.
"""

from __future__ import annotations

import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)


def cores() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def code_of(notebook) -> tuple:
    """What jupyter-cache tells notebooks apart by: the kernel and the source of every code cell."""
    return (notebook.metadata.get("kernelspec", {}).get("name"),
            tuple(cell.source for cell in notebook.cells if cell.cell_type == "code"))


def notebooks_to_execute(app: Sphinx, docnames: list[str]) -> list[Path]:
    """The ``.ipynb`` sources among ``docnames`` whose code is not in the execution cache, one per
    distinct code (pages with the same code share one cache entry). A source that cannot be read is
    left to Sphinx, which reports it. With fewer than two notebooks to read, none: then nothing runs
    side by side, and a rebuild that reads nothing does not open the cache (nor import jupyter-cache)."""
    config = app.env.mystnb_config
    paths = [path for path in (Path(app.env.doc2path(docname)) for docname in sorted(docnames))
             if path.suffix == ".ipynb" and not any(path.match(p) for p in config.execution_excludepatterns)]
    if len(paths) < 2:
        return []
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(config.execution_cache_path)
    missing: dict[tuple, Path] = {}
    for path in paths:
        try:
            notebook = nbformat.read(path, as_version=4)
        except Exception:  # not a notebook: left to Sphinx, which names the file
            continue
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            missing.setdefault(code_of(notebook), path)
    return list(missing.values())


def execute(path: Path, *, timeout: int | None, allow_errors: bool, in_temp: bool):
    """Run the notebook at ``path`` top to bottom in a fresh kernel, as myst-nb's cache client does."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() if in_temp else nullcontext(str(path.parent)) as cwd:
        result = single_nb_execution(notebook, cwd=os.path.abspath(cwd), allow_errors=allow_errors,
                                     timeout=timeout, meta_override=True)
    return notebook, result


def execute_side_by_side(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    config = env.mystnb_config
    if config.execution_mode != "cache" or cores() < 2:
        return
    paths = notebooks_to_execute(app, docnames)
    if len(paths) < 2:
        return
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(config.execution_cache_path)
    start = time.perf_counter()
    options = {"timeout": config.execution_timeout, "allow_errors": config.execution_allow_errors,
               "in_temp": config.execution_in_temp}
    with ThreadPoolExecutor(max_workers=min(cores(), len(paths))) as pool:
        runs = [(path, pool.submit(execute, path, **options)) for path in paths]
        for path, run in runs:
            notebook, result = run.result()
            if result.err is not None:  # myst-nb runs it again while reading, and reports it
                continue
            record = cache.add_nb_to_project(str(path))
            cache.cache_notebook_bundle(CacheBundleIn(notebook, record.uri, data={"execution_seconds": result.time}),
                                        check_validity=False, overwrite=True)
    LOGGER.info("mapbook_execution: %d notebooks executed %d at a time in %.1f s",
                len(paths), min(cores(), len(paths)), time.perf_counter() - start)


def setup(app: Sphinx) -> dict:
    # after myst-nb's builder-inited handler has set the cache path
    app.connect("env-before-read-docs", execute_side_by_side)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
