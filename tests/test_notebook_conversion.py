"""The MyST → plain Jupyter Markdown conversion behind the reader and student notebooks.

Unit tests of ``_ext/mapbook_notebooks.py`` on small made-up chapters (no build): every MyST
construct the chapters use becomes Markdown that JupyterLab renders, each solution is one closed
``<details>`` showing only "Solution to Exercise N.M" (reader) or absent (student), and what
cannot be converted is an error that says where. The generated notebooks of the real book are
checked in ``tests/test_solutions.py``.
"""

from __future__ import annotations

import importlib.util
import re
import sys

import mapbook_structure as structure
import nbformat
import pytest
from built_site import ROOT

_spec = importlib.util.spec_from_file_location("mapbook_notebooks", ROOT / "_ext" / "mapbook_notebooks.py")
conv = importlib.util.module_from_spec(_spec)
sys.modules["mapbook_notebooks"] = conv
_spec.loader.exec_module(conv)

MYST_ONLY = structure.MYST_ONLY  # what only Jupyter Book renders: none of it may reach a generated notebook
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def _book() -> conv.BookIndex:
    return conv.BookIndex(
        titles={"chapters/02_coin": "The coin", "chapters/03_ridge": "Ridge", "bibliography": "Bibliography"},
        labels={"sec-coin": ("chapters/02_coin", "sec-coin", "A coin"),
                "sec-ridge": ("chapters/03_ridge", "sec-ridge", "Ridge paths"),
                "thm-x": ("chapters/02_coin", "thm-x", "Theorem 2.1 (Penalized MLE)"),
                "ex-w": ("chapters/02_coin", "ex-w", "Exercise 2.1 (Weight)")},
        numbers={"ex-w": (2, 1), "thm-x": (2, 1)},
        citations={"gelman2013": conv.Citation("Gelman et al.", "2013", "id3", "Gelman, BDA."),
                   "robert2007": conv.Citation("Robert", "2007", "id9", "Robert, The Bayesian Choice.")},
        macros={"E": r"\mathbb{E}"},
        checkers={"check_weight": "mapmath.exercises.beta_bernoulli"},
        wheel="mapmath-0.1.0-py3-none-any.whl",
    )


def _chapter(edition: str = "reader", **kw) -> conv.Chapter:
    book = _book()
    for key, value in kw.items():
        setattr(book, key, value)
    return conv.Chapter("chapters/02_coin", {"map": "0.6", "frac": "'3/5'", "n": "10"}, edition, book)


def _toy() -> nbformat.NotebookNode:
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    glue_out = nbformat.v4.new_output("display_data", data={"application/papermill.record/text/plain": "0.6"},
                                      metadata={"scrapbook": {"name": "map", "mime_prefix": ""}})
    cells = [
        md("(sec-coin)=\n# The coin\n\nIntro {cite}`gelman2013,robert2007`, as {cite:t}`robert2007` says."),
        code("from mapmath.display import glue\nglue('map', 0.6, display=False)\nprint(1)"),
        md("The MAP is {glue:text}`frac` $=$ {glue:text}`map:.4f`; see {ref}`sec-coin`, "
           "{ref}`the paths <sec-ridge>`, {doc}`03_ridge` and {prf:ref}`thm-x`. Code `{ref}` stays."),
        md("```{prf:theorem} Penalized MLE\n:label: thm-x\n\nThe MAP is $\\E[x]$.\n```\n\n"
           "```{prf:proof}\nBayes' rule.\n```"),
        md("```{exercise} Weight\n:label: ex-w\n\nFind the weight. Check it with "
           "`mapmath.exercises.beta_bernoulli.check_weight(answer)`.\n```"),
        md("```{solution-start} ex-w\n:class: dropdown\n```"),
        md("The weight is n/(n + 10)."),
        code("answer = 3\nassert answer == 3"),
        md("```{solution-end}\n```"),
        md("```{only} student\nStudents: try it.\n```\n\n```{only} not student\nReaders: see the solution.\n```"),
    ]
    cells[1].outputs = [glue_out, nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    cells[1].execution_count = 1
    cells[7].execution_count = 2
    latex = "$\\displaystyle w = \\frac{n}{n + 10}$"
    cells[7].outputs = [nbformat.v4.new_output("stream", name="stdout", text="3 is the answer\n"),
                        nbformat.v4.new_output("display_data", data={"text/latex": latex, "text/plain": "w"}),
                        nbformat.v4.new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    return nb


def _markdown(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_reader_notebook_is_plain_markdown_with_the_glued_values_formatted_as_on_the_site():
    nb = conv.convert_notebook(_toy(), _chapter())
    text = _markdown(nb)
    assert not MYST_ONLY.search(text.replace("`{ref}`", "")), MYST_ONLY.search(text)
    assert "The MAP is 3/5 $=$ 0.6000" in text  # myst-nb's own formatting of "'3/5'" and "0.6" with .4f
    assert "`{ref}` stays" in text  # inline code is never converted
    assert "(sec-coin)=" not in text


def test_numbered_exercises_theorems_and_proofs_become_headed_markdown():
    text = _markdown(conv.convert_notebook(_toy(), _chapter()))
    assert "**Theorem 2.1** (Penalized MLE)" in text
    assert "**Exercise 2.1** (Weight)" in text
    assert "*Proof.* Bayes' rule. $\\square$" in text


def test_citations_are_author_year_linked_to_the_references_and_references_are_titles():
    nb = conv.convert_notebook(_toy(), _chapter())
    text = _markdown(nb)
    assert "([Gelman et al., 2013](#References); [Robert, 2007](#References))" in text
    assert "[Robert](#References) (2007) says" in text
    assert "see *A coin*" in text  # a section of the same notebook
    assert "[the paths](03_ridge.ipynb)" in text and "[Ridge](03_ridge.ipynb)" in text  # sibling notebooks
    assert "Theorem 2.1 (Penalized MLE)" in text
    assert nb.cells[-1].source.startswith("## References")
    assert "Gelman, BDA." in nb.cells[-1].source


def test_with_a_base_url_references_link_to_the_site():
    text = _markdown(conv.convert_notebook(_toy(), _chapter(base_url="https://example.org/book/")))
    assert "[the paths](https://example.org/book/chapters/03_ridge.html#sec-ridge)" in text
    assert "[Robert, 2007](https://example.org/book/bibliography.html#id9)" in text


def test_macros_are_defined_in_the_notebook_under_the_title():
    nb = conv.convert_notebook(_toy(), _chapter())
    title = next(c for c in nb.cells if c.cell_type == "markdown")
    assert title.source.startswith("# The coin\n")
    assert r"$\newcommand{\E}{\mathbb{E}}$" in title.source


def test_a_reader_solution_is_one_closed_details_element_showing_only_its_title():
    nb = conv.convert_notebook(_toy(), _chapter())
    solution = [c for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    assert len(solution) == 1 and solution[0].cell_type == "markdown"  # nothing to run, nothing to re-show
    source = solution[0].source
    assert source.startswith("<details>\n<summary>Solution to Exercise 2.1</summary>\n\n")
    assert source.endswith("\n\n</details>") and "<details open" not in source
    assert "jupyter" not in solution[0].metadata  # closed by HTML, not by a collapse flag JupyterLab rewrites
    body = source.split("</summary>", 1)[1]
    assert "The weight is n/(n + 10)." in body  # the prose
    assert "```python\nanswer = 3\nassert answer == 3\n```" in body  # the code, as a code block
    assert "```text\n3 is the answer\n```" in body  # a text output
    assert "$$\nw = \\frac{n}{n + 10}\n$$" in body  # a formula output, as display math
    assert f'<img src="data:image/png;base64,{PNG}"' in body  # a figure, inline
    assert body.index("The weight") < body.index("answer = 3") < body.index("3 is the answer") < body.index("<img")
    index = nb.cells.index(solution[0])
    assert "**Exercise 2.1**" in nb.cells[index - 1].source  # right after its exercise
    assert "assert answer == 3" not in "".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "Readers: see the solution." in _markdown(nb) and "Students" not in _markdown(nb)


def test_a_code_block_fence_is_longer_than_any_backtick_run_in_the_code():
    assert conv._code_block("x = '```'", "python") == "````python\nx = '```'\n````"


def test_student_notebook_has_no_solution_and_an_answer_cell_calling_the_checker():
    nb = conv.convert_notebook(_toy(), _chapter("student"))
    text = nbformat.writes(nb)
    assert "n + 10" not in text and "assert answer == 3" not in text and '"solution"' not in text
    answers = [c for c in nb.cells if "answer" in c.metadata.get("tags", [])]
    assert len(answers) == 1
    assert answers[0].source.endswith("answer = ...\ncheck_weight(answer)")
    assert "from mapmath.exercises.beta_bernoulli import check_weight" in answers[0].source
    index = nb.cells.index(answers[0])
    assert "**Exercise 2.1**" in nb.cells[index - 1].source  # right after its exercise
    assert "Students: try it." in _markdown(nb) and "Readers" not in _markdown(nb)


def test_code_cells_keep_outputs_but_not_the_glue_records_and_nothing_needs_myst_nb():
    nb = conv.convert_notebook(_toy(), _chapter())
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].metadata["tags"] == ["setup"] and "mapmath" in code[0].source
    assert [o.output_type for o in code[1].outputs] == ["stream"] and code[1].execution_count == 1
    assert "myst_nb" not in nbformat.writes(nb)


def _setup_source(**kw) -> str:
    facts = {"wheel_sha256": "ab" * 32, "version": "0.1.0",
             "summary": "Derivations and numerics behind mapbook, an executable textbook on MAP estimation"}
    return conv.convert_notebook(_toy(), _chapter(**{**facts, **kw})).cells[0].source


def test_setup_cell_pins_the_wheel_by_its_sha256_and_says_where_it_installs_from():
    source = _setup_source(base_url="https://example.org/book/")
    compile(source, "setup", "exec")
    assert '"sha256": "' + "ab" * 32 + '"' in source and '"#sha256=" + MAPMATH["sha256"]' in source
    assert "mapmath-0.1.0-py3-none-any.whl" in source and "MAPBOOK_SITE" in source
    assert "https://example.org/book/notebooks/" in source.split("import importlib")[0]  # said in the comment
    assert "Python 3.11 or newer" in source and "sys.version_info < (3, 11)" in source
    assert "find_spec" not in source  # "a module named mapmath" is not enough: it must be this book's


def _run_setup(tmp_path, source: str, pythonpath: list[str]) -> list[list[str]]:
    """Run the set-up cell in a fresh Python with pip replaced by a recorder; the pip commands it ran."""
    import json
    import os
    import subprocess

    script = tmp_path / "run.py"
    script.write_text(
        "import json, subprocess\ncalls = []\n"
        "subprocess.run = lambda cmd, **kw: calls.append([str(c) for c in cmd])\n"
        f"try:\n    exec(compile({source!r}, 'setup', 'exec'), {{}})\nexcept RuntimeError as exc:\n"
        "    calls.append(['RuntimeError', str(exc)])\n"
        "print(json.dumps(calls))\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(pythonpath)}
    env.pop("MAPBOOK_SITE", None)
    out = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_setup_cell_does_nothing_where_this_books_mapmath_is_installed(tmp_path):
    import importlib.metadata

    meta = importlib.metadata.metadata("mapmath")  # the book's own, installed editable in .venv
    source = _setup_source(version=meta["Version"], summary=meta["Summary"])
    assert _run_setup(tmp_path, source, []) == []


def test_setup_cell_installs_the_pinned_wheel_over_another_mapmath(tmp_path):
    # another package called mapmath (another version, another summary), first on the path
    site = tmp_path / "site"
    (site / "mapmath").mkdir(parents=True)
    (site / "mapmath" / "__init__.py").write_text("")
    (site / "mapmath-0.1.0.dist-info").mkdir()
    (site / "mapmath-0.1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: mapmath\nVersion: 0.1.0\nSummary: Some other maths package\n")
    (tmp_path / "mapmath-0.1.0-py3-none-any.whl").write_bytes(b"wheel")
    calls = _run_setup(tmp_path, _setup_source(), [str(site)])
    assert calls[0][-3:] == ["--yes", "--quiet", "mapmath"] and "uninstall" in calls[0], calls
    wheel_uri = (tmp_path / "mapmath-0.1.0-py3-none-any.whl").resolve().as_uri()
    assert calls[1][-1] == f"mapmath[notebooks] @ {wheel_uri}#sha256={'ab' * 32}", calls
    # the recorder installs nothing, so the cell then says the install failed rather than go on
    assert calls[2][0] == "RuntimeError" and "did not install" in calls[2][1]


def test_pip_refuses_a_wheel_whose_sha256_differs_from_the_pinned_one(tmp_path):
    import hashlib
    import subprocess

    wheel = conv.build_wheel(ROOT, tmp_path / "dist", cache=tmp_path / "cache")
    good = hashlib.sha256(wheel.read_bytes()).hexdigest()
    for digest, ok in ((good, True), ("0" * 64, False)):
        proc = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-index", "--quiet",
                               "--disable-pip-version-check", "-d", str(tmp_path / f"got-{ok}"),
                               f"mapmath @ {wheel.as_uri()}#sha256={digest}"], capture_output=True, text=True)
        assert (proc.returncode == 0) is ok, proc.stdout + proc.stderr
        if not ok:
            assert "hash" in (proc.stdout + proc.stderr).lower()


def test_wheel_facts_read_the_version_and_summary_from_the_wheel(tmp_path):
    import hashlib

    wheel = conv.build_wheel(ROOT, tmp_path / "dist", cache=tmp_path / "cache")
    facts = conv.wheel_facts(wheel)
    assert facts["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert facts["version"] == "0.1.0" and facts["summary"].startswith("Derivations and numerics behind mapbook")


def test_the_book_title_comes_from_the_config():
    import yaml

    assert conv.book_title(ROOT) == yaml.safe_load((ROOT / "_config.yml").read_text())["title"]
    assert "Project name not set" not in conv.README_TXT


@pytest.mark.parametrize("source, problem", [
    ("{glue:text}`nope:.3f`", "no glued value 'nope'"),
    ("{ref}`sec-missing`", "not a label"),
    ("{cite}`nobody1999`", "not in references.bib"),
    ("{doc}`99_missing`", "not a document"),
    ("{eq}`eq-1`", "role {eq}"),
    ("```{figure} a.png\n```", "directive {figure}"),
    ("```{exercise} Open\n:label: ex-w\n\nnever closed", "never closed"),
])
def test_what_cannot_be_converted_is_an_error_naming_the_cell(source, problem):
    nb = _toy()
    nb.cells.insert(2, nbformat.v4.new_markdown_cell(source))
    with pytest.raises(conv.ConversionError, match=rf"cell 2: .*{re.escape(problem)}"):
        conv.convert_notebook(nb, _chapter())


def test_an_exercise_without_a_checker_is_an_error_in_the_student_edition():
    nb = _toy()
    nb.cells[4].source = "```{exercise} Weight\n:label: ex-w\n\nFind the weight.\n```"
    with pytest.raises(conv.ConversionError, match="names no check_"):
        conv.convert_notebook(nb, _chapter("student"))


def test_chapters_are_numbered_per_chapter():
    from types import SimpleNamespace

    env = SimpleNamespace(toc_fignumbers={"chapters/02_coin": {"exercise": {"ex-b": (5,), "ex-a": (4,)}},
                                          "intro": {"figure": {"f": (1,)}}})
    conv._number_per_chapter(None, env)
    assert env.toc_fignumbers["chapters/02_coin"]["exercise"] == {"ex-a": (2, 1), "ex-b": (2, 2)}
    assert env.toc_fignumbers["intro"]["figure"] == {"f": (1,)}


def test_the_mapmath_wheel_holds_every_subpackage_and_is_reused_while_the_sources_are_unchanged(tmp_path):
    import zipfile

    cache = tmp_path / "cache"
    first = conv.build_wheel(ROOT, tmp_path / "a", cache=cache)
    with zipfile.ZipFile(first) as z:
        names = set(z.namelist())
    packages = {str(p.parent.relative_to(ROOT)) for p in (ROOT / "mapmath").rglob("__init__.py")}
    assert packages >= {"mapmath", "mapmath/exercises"}
    assert all(f"{package}/__init__.py" in names for package in packages), sorted(names)
    again = conv.build_wheel(ROOT, tmp_path / "b", cache=cache)
    assert again.read_bytes() == first.read_bytes()


def test_the_same_chapter_gives_the_same_notebook():
    assert nbformat.writes(conv.convert_notebook(_toy(), _chapter())) == \
        nbformat.writes(conv.convert_notebook(_toy(), _chapter()))


@pytest.mark.parametrize(("text", "shown"), [("-8", "\u22128"), ("7.3e-14", "7.3\u00d710\u207b\u00b9\u2074"),
                                             ("1e-07", "10\u207b\u2077"), ("0.0e+00", "0"), ("-1/110", "\u22121/110"),
                                             ("0.5909", "0.5909"), ("3/5", "3/5"),
                                             ("-5.000e+15", "\u22125.000\u00d710\u00b9\u2075")])
def test_glued_numbers_are_typeset_with_a_true_minus_and_powers_of_ten(text, shown):
    assert conv.typeset_number(text) == shown


def test_a_checks_cell_is_collapsed_behind_a_header_line():
    cell = nbformat.v4.new_code_cell("assert x == 1\nglue('ch01_x', x)")
    cell.metadata = {"tags": ["checks", "hide-input"], "mystnb": {"code_prompt_show": "Show the checks"}}
    new = conv._clean_code_cell(cell)
    assert new.source == f"{conv.CHECKS_HEADER}\nassert x == 1\nglue('ch01_x', x)"
    assert new.metadata["jupyter"] == {"source_hidden": True} and "checks" in new.metadata["tags"]
    story = conv._clean_code_cell(nbformat.v4.new_code_cell("x = 1"))
    assert story.source == "x = 1" and "jupyter" not in story.metadata
