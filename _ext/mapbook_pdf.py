"""Sphinx extension for mapbook's PDF (``scripts/build.sh --pdf``): Sphinx's LaTeX builder, XeLaTeX.

Enabled from ``_config.yml`` (``sphinx.local_extensions``); it does nothing for the HTML builders.

1. **The book's TeX macros in LaTeX.** ``\\argmax``, ``\\argmin``, ``\\R``, ``\\E`` ... are defined
   once, for MathJax, under ``sphinx.config.mathjax3_config.tex.macros`` in ``_config.yml``. The
   same definitions go into the LaTeX preamble (``\\providecommand`` then ``\\renewcommand``, so
   they also replace what the class defines under the same name).

2. **A LaTeX class that Debian's small TeX Live set can compile.** sphinx-jupyterbook-latex copies
   its ``jupyterBook.cls`` into the output folder; that class loads ``bbm`` (only in
   texlive-fonts-extra, ~1 GB) for seven unused ``\\mathbbm`` shortcuts. The copy is patched to
   define ``\\mathbbm`` as ``\\mathbb`` instead, so ``texlive-latex-extra`` and friends suffice
   (the packages are listed in ``scripts/setup.sh``). No index is made (the book has none), so
   neither xindy nor makeindex is needed.

3. **Solutions in an appendix.** Each exercise's solution (sphinx-exercise's ``solution`` node,
   gated solutions included) is moved out of its chapter into a last chapter, an appendix titled
   "Solutions to the exercises": one section per book chapter, each solution headed "Solution to
   Exercise N.M (title)" with a link back to the exercise. Where the solution was, a line links
   forward to it ("Solution to Exercise N.M: page P"); a solution's own links keep pointing into
   its chapter. Every exercise also gets the label that ``{ref}`` links point at, so the book's
   list of every exercise links in the PDF too. Exercise numbers are the site's ("Exercise
   2.3" is the third exercise of ``chapters/02_*``, see ``_ext/mapbook_notebooks.py``), and the
   LaTeX chapter numbers agree with them because every chapter of the book is a ``chapters/NN_``
   notebook in order (``tests/test_pdf.py`` checks that).

   The student edition (``scripts/solutions.py strip``) has no solution node left, so its PDF has
   neither the appendix nor the forward links.

   A figure's caption (the "Figure: ..." paragraph after its cell) is kept on the figure's page.
   The pages after the last chapter (summary, about, changelog) are unnumbered back matter.

4. **The website links the PDF when there is one.** For an HTML build, when the edition's PDF
   exists (``_build/pdf/mapbook.pdf``, for the student edition ``_build/pdf/mapbook-student.pdf``,
   relative to the book; ``MAPBOOK_PDF`` in the environment names another file), it is copied to
   the site's root and the tag ``pdf`` is set, so that the intro's
   ```` ```{only} html and pdf ```` block, "Download the book (PDF)", appears. A site built without
   the PDF has neither the block nor a broken link. ``scripts/build.sh --pdf`` builds the PDF first.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

APPENDIX_TITLE = "Solutions to the exercises"
APPENDIX_LABEL = "mapbook-solutions"
APPENDIX_INTRO = "Every solution, chapter by chapter; each heading links back to its exercise."
INTRO_TITLE = "Introduction"


# --- 1. macros ----------------------------------------------------------------------------------


def latex_macros(config: Config) -> str:
    """``\\providecommand``/``\\renewcommand`` lines for the MathJax macros of ``_config.yml``."""
    tex = ((config.mathjax3_config or {}).get("tex") or {}) if isinstance(config.mathjax3_config, dict) else {}
    lines = ["% The book's TeX macros (mathjax3_config.tex.macros in _config.yml), by _ext/mapbook_pdf.py"]
    for name, definition in (tex.get("macros") or {}).items():
        if isinstance(definition, list | tuple):  # MathJax's [definition, number of arguments]
            body, nargs = definition[0], int(definition[1])
        else:
            body, nargs = definition, 0
        if not re.fullmatch(r"[A-Za-z]+", name):
            raise ValueError(f"mapbook_pdf: TeX macro name {name!r} is not letters only")
        args = f"[{nargs}]" if nargs else ""
        lines.append(rf"\providecommand{{\{name}}}{{}}\renewcommand{{\{name}}}{args}{{{body}}}")
    return "\n".join(lines) + "\n"


def _configure_latex(app: Sphinx, config: Config) -> None:
    """Runs after sphinx-jupyterbook-latex's own ``config-inited`` handler (which sets XeLaTeX)."""
    elements = dict(config.latex_elements or {})
    elements["preamble"] = elements.get("preamble", "") + "\n" + latex_macros(config) + PREAMBLE
    elements.setdefault("papersize", "a4paper")
    elements["makeindex"] = ""  # no general index: no xindy, no makeindex
    elements["printindex"] = ""
    config.latex_elements = elements
    config.latex_use_xindy = False
    config.latex_domain_indices = False


PREAMBLE = r"""
% Figures: never wider than the text (a page-wide PNG from matplotlib is scaled down).
\setkeys{Gin}{width=\linewidth,height=0.42\textheight,keepaspectratio}
% Characters of the book's code that the code font (FreeMono) lacks, drawn from what it has
% (tests/test_pdf.py: no "Missing character" in the LaTeX log).
\usepackage{newunicodechar}
\newunicodechar{ᵀ}{\textsuperscript{T}}
"""


# --- 2. a class that compiles with Debian's small TeX Live set -----------------------------------


def _patch_class(app: Sphinx) -> None:
    if app.builder.format != "latex":
        return
    cls = Path(app.outdir) / "jupyterBook.cls"
    if not cls.is_file():
        return
    text = cls.read_text()
    patched = text.replace(r"\RequirePackage{bbm}",
                           r"\providecommand{\mathbbm}[1]{\mathbb{#1}}% mapbook_pdf: bbm is not installed")
    patched = patched.replace(r"\RequirePackage{pgfplots}", "% mapbook_pdf: pgfplots is not used")
    if patched != text:
        cls.write_text(patched)


# --- 3. solutions in an appendix -----------------------------------------------------------------


def _exercise_number(env, label: str) -> str:
    info = env.sphinx_exercise_registry.get(label, {})
    node = info.get("node")
    ids = node.get("ids", []) if node is not None else []
    number = env.toc_fignumbers.get(info.get("docname", ""), {}).get("exercise", {}).get(ids[0] if ids else label)
    return ".".join(map(str, number)) if number else ""


def _latex(text: str) -> nodes.raw:
    return nodes.raw("", text, format="latex")


class SolutionsToAppendix(SphinxPostTransform):
    """Move every solution of the assembled book (LaTeX only) into an appendix chapter.

    Also, on the same assembled tree: the root page (``intro``), which sphinx-jupyterbook-latex
    sets before the first part without a heading, gets an unnumbered chapter heading
    "Introduction" (so its running head is not "Contents"); and the bibliography page, whose
    bibliography sphinx-jupyterbook-latex moves to the end of the book, is dropped rather than left
    as an empty numbered chapter before the real "Bibliography".
    """

    default_priority = 800  # after sphinx-exercise's titles (20-22) and sphinx-jupyterbook-latex (700)
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        from sphinx_exercise.nodes import exercise_enumerable_node, exercise_node, solution_node

        if self.document.get("docname") != self.config.root_doc:
            return  # only the assembled book (LaTeXBuilder.assemble_doctree), not a single page
        self._front_matter_heading()
        self._one_bibliography()
        self._back_matter_unnumbered()
        env = self.env
        registry = getattr(env, "sphinx_exercise_registry", {})
        exercises = {node.get("label"): node for cls in (exercise_enumerable_node, exercise_node)
                     for node in self.document.findall(cls)}
        self._label_exercises_for_refs(exercises, registry)
        self._keep_captions_with_figures()
        solutions = list(self.document.findall(solution_node))
        if not solutions:
            return
        by_doc: dict[str, list[tuple]] = {}
        for sol in solutions:
            target = sol.get("target_label", "")
            info = registry.get(target)
            if info is None:
                logger.warning("mapbook_pdf: solution %r refers to no exercise %r", sol.get("label"), target,
                               location=sol)
                continue
            number = _exercise_number(env, target)
            head = f"Exercise {number}" if number else "Exercise"
            anchor = f"mapbook-solution:{sol.get('label')}"
            # where the solution was: a line that links forward to it
            forward = nodes.paragraph()
            forward += _latex(rf"\hyperref[{anchor}]{{\sphinxstyleemphasis{{Solution to {head}:}} "
                              rf"page~\pageref*{{{anchor}}}}}")
            sol.replace_self(forward)
            by_doc.setdefault(info.get("docname", ""), []).append((head, exercises.get(target), sol, target, anchor))

        appendix: list[nodes.Node] = [
            _latex(f"\n\\setcounter{{secnumdepth}}{{\\mapbooksecnumdepth}}\\appendix\n"
                   f"\\chapter{{{APPENDIX_TITLE}}}\\label{{{APPENDIX_LABEL}}}\n")
        ]
        intro = nodes.paragraph()
        intro += nodes.Text(APPENDIX_INTRO)
        appendix.append(intro)
        for docname, entries in by_doc.items():
            title = env.titles[docname].astext() if docname in env.titles else docname
            first = entries[0][0].split()[-1].split(".")[0]
            appendix.append(_latex(f"\n\\section{{{_escape(f'Chapter {first}: {title}')}}}\n"))
            for head, exercise, sol, target, anchor in entries:
                heading = nodes.paragraph()
                heading += _latex(rf"\needspace{{6\baselineskip}}\phantomsection\label{{{anchor}}}"
                                  rf"\sphinxstylestrong{{Solution to \hyperref[exercise:{target}]{{{head}}}")
                subtitle = _exercise_subtitle(exercise)
                if subtitle:
                    heading += _latex(" (")
                    heading += [child.deepcopy() for child in subtitle]
                    heading += _latex(")")
                heading += _latex("}")
                appendix.append(heading)
                # inside its own chapter's scope: the LaTeX writer names a same-page link
                # "<docname>:<id>" after the innermost start_of_file, which here would be the root's
                body = addnodes.start_of_file(docname=docname)
                body.extend(child for child in sol.children if not isinstance(child, nodes.title))
                appendix.append(body)
        self.document.extend(appendix)
        logger.info("mapbook_pdf: %d solutions moved to the appendix %r", len(solutions), APPENDIX_TITLE)

    @staticmethod
    def _label_exercises_for_refs(exercises: dict, registry: dict) -> None:
        """Give every exercise the LaTeX label a ``{ref}`` to it points at.

        sphinx-exercise labels an exercise ``exercise:<label>`` in LaTeX, while ``{ref}`ex-...```
        (chapter 11's list of every exercise, say) links to ``<docname>:<label>``, which nothing
        defined: 35 dead links in the PDF. The second label is set where the first is."""
        for label, node in exercises.items():
            docname = registry.get(label, {}).get("docname")
            if docname and node.parent is not None:
                node.parent.insert(node.parent.index(node),
                                   _latex(rf"\phantomsection\label{{\detokenize{{{docname}:{label}}}}}"))

    def _keep_captions_with_figures(self) -> None:
        """A figure's caption (the paragraph "Figure: ..." after the cell that draws it) starts on
        the figure's page: before the figure's output, ``\\Needspace*`` asks for the figure's height
        plus the caption's lines, so a page break falls before the figure, not between the two."""
        for para in list(self.document.findall(nodes.paragraph)):
            if not para.astext().startswith("Figure:") or para.parent is None:
                continue
            siblings = para.parent.children
            k = siblings.index(para) - 1
            while k >= 0 and isinstance(siblings[k], nodes.container) and not list(
                    siblings[k].findall(nodes.image)) and not siblings[k].astext().strip():
                k -= 1  # a collapsed checks cell renders nothing in the PDF
            images = list(siblings[k].findall(nodes.image)) if k >= 0 else []
            if not images:
                continue
            image = images[-1]
            output = image.parent
            while output is not siblings[k] and not (isinstance(output, nodes.container)
                                                     and "cell_output" in output.get("classes", [])):
                output = output.parent
            lines = 2 + len(para.astext()) // 100
            output.parent.insert(output.parent.index(output),
                                 _latex(rf"\Needspace*{{\dimexpr{_figure_height(image)}+{lines}\baselineskip\relax}}"))

    def _back_matter_unnumbered(self) -> None:
        """The pages after the last chapter (summary, teaching notes, about, changelog) are back
        matter: unnumbered chapters, not chapters 10, 11, 12. Numbering is switched off before the
        first of them (``secnumdepth`` -1) and on again for the appendix."""
        starts = list(self.document.findall(addnodes.start_of_file))
        last_chapter = max((i for i, s in enumerate(starts) if s.get("docname", "").startswith("chapters/")),
                           default=None)
        back = starts[last_chapter + 1] if last_chapter is not None and last_chapter + 1 < len(starts) else None
        saved = r"\edef\mapbooksecnumdepth{\the\value{secnumdepth}}"
        if back is None or back.parent is None:
            self.document.insert(0, _latex(saved))
            return
        back.parent.insert(back.parent.index(back), _latex(f"\n{saved}\\setcounter{{secnumdepth}}{{-1}}\n"))

    def _front_matter_heading(self) -> None:
        root = next(iter(self.document.findall(nodes.section)), None)
        if root is None or not root.children or not isinstance(root.children[0], nodes.title):
            return
        title = INTRO_TITLE
        root.insert(1, _latex(f"\n\\chapter*{{{title}}}\\addcontentsline{{toc}}{{chapter}}{{{title}}}"
                              f"\\markboth{{{title}}}{{{title}}}\n"))

    def _one_bibliography(self) -> None:
        bib_docs = {key.docname for key in self.env.get_domain("cite").bibliographies}
        for start in list(self.document.findall(addnodes.start_of_file)):
            if start.get("docname") not in bib_docs:
                continue
            sections = list(start.findall(nodes.section))
            if len(sections) == 1:  # the page is a title, a sentence and the bibliography
                start.replace_self(_latex(f"\\phantomsection\\label{{\\detokenize{{{start['docname']}::doc}}}}"))


def _figure_height(image: nodes.image) -> str:
    """The height LaTeX gives an image, as a TeX dimension: its own (px) or, when it is wider than
    the line and scaled down, the line width times its aspect ratio; at most the 0.42 textheight of
    ``PREAMBLE``."""
    def px(value: object) -> float | None:
        m = re.fullmatch(r"\s*([\d.]+)\s*(px)?\s*", str(value or ""))
        return float(m.group(1)) if m else None

    width, height = px(image.get("width")), px(image.get("height"))
    if not width or not height:
        return r"0.42\textheight"
    ratio = height / width
    return (rf"\ifdim{width:.0f}\sphinxpxdimen>\linewidth{ratio:.4f}\linewidth"
            rf"\else{height:.0f}\sphinxpxdimen\fi")


def _exercise_subtitle(exercise: nodes.Element) -> list[nodes.Node]:
    """The exercise's own title (what follows "Exercise N.M" in its box), as nodes."""
    if exercise is None:
        return []
    title = exercise.children[0] if exercise.children and isinstance(exercise.children[0], nodes.title) else None
    if title is None:
        return []
    children = list(title.children)
    # after sphinx-exercise's ResolveTitlesInExercises: [Text("Exercise 2.1"), Text(" ("), ...title..., Text(")")]
    text = "".join(c.astext() for c in children[:2]) if len(children) >= 2 else ""
    if len(children) >= 3 and text.endswith(" (") and children[-1].astext() == ")":
        return children[2:-1]
    return []


_TEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
                "^": r"\textasciicircum{}", "_": r"\_", "~": r"\textasciitilde{}", "%": r"\%"}


def _escape(text: str) -> str:
    return "".join(_TEX_SPECIAL.get(ch, ch) for ch in text)


# --- 4. the site links the PDF ---------------------------------------------------------------------

PDF_NAMES = {"reader": "mapbook.pdf", "student": "mapbook-student.pdf"}


def pdf_for_site(app: Sphinx) -> Path | None:
    """The PDF the site should link (None if it has not been built)."""
    explicit = os.environ.get("MAPBOOK_PDF", "").strip()
    edition = getattr(app.config, "mapbook_edition", "reader")
    path = Path(explicit) if explicit else Path(app.confdir) / "_build" / "pdf" / PDF_NAMES.get(edition, "mapbook.pdf")
    return path if path.is_file() else None


def _publish_pdf(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    pdf = pdf_for_site(app)
    target_names = set(PDF_NAMES.values())
    for name in target_names:  # a PDF left by an earlier build must not outlive its source
        (Path(app.outdir) / name).unlink(missing_ok=True)
    if pdf is None:
        return
    edition = getattr(app.config, "mapbook_edition", "reader")
    Path(app.outdir).mkdir(parents=True, exist_ok=True)
    shutil.copy2(pdf, Path(app.outdir) / PDF_NAMES.get(edition, "mapbook.pdf"))
    app.tags.add("pdf")
    logger.info("mapbook_pdf: %s published with the site as %s", pdf, PDF_NAMES.get(edition))


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _configure_latex, priority=900)
    app.connect("builder-inited", _patch_class, priority=900)
    app.connect("builder-inited", _publish_pdf)
    app.add_post_transform(SolutionsToAppendix)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
