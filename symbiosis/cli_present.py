"""Command line of the present stage: plot, report, explore, export-xlsx, template-xlsx,
import-xlsx.

These read result folders from disk (``present.resultdir``) and never solve.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.markup import escape

from symbiosis.console import stderr_console
from symbiosis.errors import edited_result

from symbiosis.cli_analysis import out
from symbiosis.present.i18n import LANGS

err = stderr_console()


def figures_for(folder: Path, lang: str) -> dict[str, Path]:
    """Make (or remake) one result folder's figures; {name: png path}."""
    from symbiosis.present.figures import make_figures
    from symbiosis.present.resultdir import load_result_dir

    paths = make_figures(load_result_dir(folder), folder / "figures" / lang, lang)
    return {p.stem: p for p in paths if p.suffix == ".png"}


def _dirs(items: list[str]) -> list[Path]:
    from symbiosis.present.resultdir import load_result_dir

    folders = [Path(i) for i in items]
    for f in folders:
        load_result_dir(f)  # every folder checked before anything is written
    return folders


def cmd_plot(args: argparse.Namespace) -> int:
    with edited_result(" ".join(str(x) for x in args.result)):
        return _cmd_plot(args)


def _cmd_plot(args: argparse.Namespace) -> int:
    from symbiosis.present.figures import comparison_figure
    from symbiosis.present.resultdir import load_result_dir

    folders = _dirs(args.result)
    for f in folders:
        for p in figures_for(f, args.lang).values():
            out.print(escape(f"wrote {p} (+ .svg)"))
    if len(folders) > 1:
        target = Path(args.out) / "figures" / args.lang
        for p in comparison_figure([load_result_dir(f) for f in folders], target, args.lang):
            out.print(escape(f"wrote {p}"))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    with edited_result(" ".join(str(x) for x in args.result)):
        return _cmd_report(args)


def _cmd_report(args: argparse.Namespace) -> int:
    from symbiosis.present.figures import comparison_figure
    from symbiosis.present.report import context, render
    from symbiosis.present.resultdir import load_result_dir

    folders = _dirs(args.result)
    main = folders[0]
    # A folder edited by hand fails here, before a figure is drawn into it: nothing written.
    results = [load_result_dir(f) for f in folders]
    context(results, args.lang, {})
    with out.status("drawing figures…"):
        figures = figures_for(main, args.lang)
        if len(folders) > 1:
            made = comparison_figure([load_result_dir(f) for f in folders],
                                     main / "figures" / args.lang, args.lang)
            figures.update({p.stem: p for p in made if p.suffix == ".png"})
    stem = Path(args.out) if args.out else main / f"report.{args.lang}"
    html = Path(f"{stem}.html") if args.format in ("html", "both") else None
    md = Path(f"{stem}.md") if args.format in ("md", "both") else None
    for p in render(results, args.lang, figures, html, md):
        out.print(escape(f"wrote {p}"))
    return 0


def cmd_explore(args: argparse.Namespace) -> int:
    with edited_result(" ".join(str(x) for x in args.result)):
        return _cmd_explore(args)


def _cmd_explore(args: argparse.Namespace) -> int:
    from symbiosis.present.explorer import write_explorer
    from symbiosis.present.resultdir import load_result_dir

    folders = _dirs(args.result)
    target = Path(args.out) if args.out else folders[0] / f"explorer.{args.lang}.html"
    path = write_explorer([load_result_dir(f) for f in folders], args.lang, target)
    out.print(escape(f"wrote {path}"))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with edited_result(" ".join(str(x) for x in args.result)):
        return _cmd_export(args)


def _cmd_export(args: argparse.Namespace) -> int:
    from symbiosis.present.excel import export_results

    folders = _dirs(args.result)
    target = Path(args.out) if args.out else folders[0].parent / "results.xlsx"
    out.print(escape(f"wrote {export_results(folders, target)}"))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from symbiosis.load.scenario import load_park
    from symbiosis.load.yamlio import read_yaml
    from symbiosis.present.excel import write_template

    model = None
    if args.model:
        load_park(args.model)  # a broken model stops here, with its file and line
        model = read_yaml(args.model, "model file").data
    out.print(escape(f"wrote {write_template(Path(args.out), model)}"))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from symbiosis.present.excel import import_workbook, write_model_yaml

    source = Path(args.file)
    warnings: list[str] = []
    model = import_workbook(source, warnings=warnings)
    for w in warnings:
        err.print(f"[yellow]warning[/yellow] {escape(f'{source}: {w}')}")
    target = Path(args.out) if args.out else source.with_suffix(".yaml")
    out.print(escape(f"wrote {write_model_yaml(model, target, source)}"))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plot", help="figures of result folders (PNG and SVG)",
                       description="Network map, Sankey diagrams, CO2 waterfall, and the "
                                   "trade-off and abatement curves where those results exist; "
                                   "with several folders also a comparison figure.")
    p.add_argument("result", nargs="+", help="result folder(s) written by `symbiosis run`")
    p.add_argument("--lang", choices=LANGS, default="en")
    p.add_argument("--out", default="results/compare", help="where the comparison figure goes")
    p.set_defaults(func=cmd_plot)

    p = sub.add_parser("report", help="self-contained HTML report and a Markdown twin",
                       description="Findings, assumptions, tenants, links, emissions by scope, "
                                   "the Decree 35 checklist, comparison, trade-off and "
                                   "abatement sections when present, sources, equations and "
                                   "provenance. The first folder is the subject; others are "
                                   "compared with it.")
    p.add_argument("result", nargs="+", help="result folder(s) written by `symbiosis run`")
    p.add_argument("--lang", choices=LANGS, default="en")
    p.add_argument("--format", choices=("html", "md", "both"), default="both")
    p.add_argument("--out", help="file path without extension (default: RESULT/report.LANG)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("explore", help="one interactive HTML file for planners, works offline",
                       description="The park network on its map (hover a link, click a plant), "
                                   "one tab per result folder and a side-by-side comparison, "
                                   "the cost–CO2 trade-off and near-optimal alternatives when "
                                   "present (each point opens its plan on the map), Monte Carlo "
                                   "build frequency, the Decree 35 checklist and sortable tables "
                                   "with CSV download. Scripts and data are inlined: no network.")
    p.add_argument("result", nargs="+", help="result folder(s) written by `symbiosis run`")
    p.add_argument("--lang", choices=LANGS, default="en")
    p.add_argument("--out", help="HTML file to write (default: RESULT/explorer.LANG.html)")
    p.set_defaults(func=cmd_explore)

    p = sub.add_parser("export-xlsx", help="every result table into one Excel workbook")
    p.add_argument("result", nargs="+")
    p.add_argument("--out", help="workbook path (default: results.xlsx beside the folders)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("template-xlsx", help="a data-collection workbook for a park model",
                       description="Sheets for park, sources, resources, tenants, flows, "
                                   "partners, exchanges and measures, with a row of units and "
                                   "one of descriptions; --model fills it from a park model.")
    p.add_argument("--out", default="park-template.xlsx")
    p.add_argument("--model", help="fill the template from this park model YAML")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("import-xlsx", help="a filled workbook → park model YAML (validated)")
    p.add_argument("file")
    p.add_argument("--out", help="YAML path (default: the workbook's name with .yaml)")
    p.set_defaults(func=cmd_import)
