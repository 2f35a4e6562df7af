"""The `kg` command: thin commands over library functions (heavy imports inside the commands)."""

from __future__ import annotations

import json
import sys

import click

from kg import defaults

_MAX_MB = click.option("--max-mb", type=click.FloatRange(min=0, min_open=True), default=None,
                       help=f"Skip files larger than this many MB [default: {defaults.MAX_BYTES // (1024 * 1024)}].")


def _max_bytes(max_mb: float | None) -> int:
    return int(max_mb * 1024 * 1024) if max_mb else defaults.MAX_BYTES


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="hospital-kg")
def main() -> None:
    """Build a knowledge graph of hospitals, leaders, centres, partnerships and initiatives
    from Chinese hospital news.

    \b
    Example:
      kg build seeds --out output
      kg query leaders
    """


def _iso_date(value: str | None) -> str | None:
    """Check an ISO date of any precision (YYYY, YYYY-MM, YYYY-MM-DD); a bad one is a usage error."""
    import datetime as dt

    if value is None:
        return None
    parts = value.split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            dt.date(int(parts[0]), 1, 1)
        elif len(parts) == 2:
            dt.date(int(parts[0]), int(parts[1]), 1)
        else:
            dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: write 2021, 2021-06 or 2021-06-30") from None
    return value


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--jsonl", is_flag=True, help="Print one JSON object per document (EXTRACTION.md contract).")
@_MAX_MB
def extract(paths: tuple[str, ...], jsonl: bool, max_mb: float | None) -> None:
    """Extract facts from articles and print them (no graph is written).

    \b
    Example:
      kg extract seeds --jsonl > pred.jsonl
    """
    from kg.documents import read_documents
    from kg.errors import DocumentError
    from kg.extract import extract as run

    def skipped(path: str, reason: str) -> None:
        shown = "".join(c if c.isprintable() else "\ufffd" for c in path)  # no ESC codes to the terminal
        click.echo(f"skipped {shown}: {reason}", err=True)

    max_bytes = _max_bytes(max_mb)
    for item in read_documents(paths, max_bytes=max_bytes):
        if isinstance(item, DocumentError):
            skipped(item.path, item.reason)
            continue
        try:
            doc = run(item)
        except Exception as e:  # one article's failure never stops the batch
            skipped(item.path, f"extraction failed ({type(e).__name__}: {e})")
            continue
        if jsonl:
            sys.stdout.write(json.dumps(doc.to_json(), ensure_ascii=False) + "\n")
        else:
            click.echo(json.dumps(doc.to_json(), ensure_ascii=False, indent=1))


@main.command()
@click.option("--out", "out_dir", default="output", show_default=True, help="The folder `kg build --out` wrote.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (keep it on loopback).")
@click.option("--port", default=7878, show_default=True, type=int)
@click.option("--timeout", default=10.0, show_default=True, type=float, help="Seconds a query may run.")
@click.option("--max-result-mb", default=32.0, show_default=True, type=float, help="Cap on the size of a result.")
@click.option("--workers", default=2, show_default=True, type=int, help="Queries that may run at once.")
def serve(out_dir: str, host: str, port: int, timeout: float, max_result_mb: float, workers: int) -> None:
    """Serve a read-only SPARQL endpoint (/sparql) and the HTML views (/) of a build.

    \b
    Example:
      kg serve --out output --port 7878
      curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql?query=SELECT+*+{?s+?p+?o}+LIMIT+5'
    """
    from kg.errors import KgError
    from kg.serve import Limits
    from kg.serve import serve as run

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: binding {host}, not loopback: the endpoint is reachable from other machines", err=True)
    limits = Limits(timeout=timeout, max_result_bytes=int(max_result_mb * 2**20), workers=workers)
    try:
        run(out_dir, host=host, port=port, limits=limits)
    except KgError as e:
        raise click.ClickException(str(e)) from e


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--out", "out", default="output", show_default=True,
              help="Output folder (graph.ttl, graph.html, store/).")
@click.option("--prune", is_flag=True, help="Also remove stored documents whose file is gone.")
@click.option("--strict", is_flag=True, help="Exit non-zero when a file was skipped.")
@click.option("--no-view", is_flag=True, help="Do not write graph.html.")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1), help="Extraction workers.")
@click.option("--executor", type=click.Choice(["process", "dask"]), default="process", show_default=True,
              help="Where extraction runs: local processes or a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler address, or 'local' for a LocalCluster.")
@click.option("--store", "store_url", metavar="URL", help="Write to a SPARQL 1.1 endpoint instead of OUT/store.")
@click.option("--no-cache", is_flag=True, help="Extract every article again (ignore OUT/cache).")
@_MAX_MB
def build(paths: tuple[str, ...], out: str, prune: bool, strict: bool, no_view: bool, jobs: int, executor: str,
          scheduler: str | None, store_url: str | None, no_cache: bool, max_mb: float | None) -> None:
    """Build or update the knowledge graph from articles (files, folders, globs).

    Writes OUT/graph.ttl (stable Turtle), OUT/graph.html and the store OUT/store; only what changed is
    written (one named graph per document), and a re-run on the same input changes nothing.

    \b
    Example:
      kg build seeds --out output
      kg build seeds more/*.txt --out output --prune --jobs 4
      kg build corpus --executor dask --scheduler local --store http://127.0.0.1:7878
    """
    from kg.build import build as run
    from kg.errors import KgError

    if not paths and not prune:
        _fail("give the articles to build from, e.g. `kg build seeds --out output`")
    parallel = None
    if jobs > 1 or executor == "dask" or scheduler:
        parallel = {"jobs": jobs, "executor": "dask" if scheduler else executor, "scheduler": scheduler}
    try:
        store = None
        if store_url:
            from kg.remote import RemoteStore

            store = RemoteStore.from_url(store_url)
        summary = run(paths, out, prune=prune, view=not no_view, parallel=parallel, store=store,
                      cache=not no_cache, max_bytes=_max_bytes(max_mb))
    except KgError as e:
        _fail(str(e))
    for line in summary.lines():
        click.echo(line)
    if summary.documents == 0 and paths:
        _fail("no article could be read")
    if strict and summary.skipped:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out", default="output", show_default=True, help="Output folder of the graph.")
def remove(paths: tuple[str, ...], out: str) -> None:
    """Remove documents (files or whole folders, as they were built) from the graph.

    \b
    Example:
      kg remove seeds/000_692c5f45361c0ef7.txt --out output
    """
    from kg.build import build as run
    from kg.errors import KgError

    try:
        summary = run((), out, remove=paths)
    except KgError as e:
        _fail(str(e))
    for line in summary.lines():
        click.echo(line)
    if not summary.removed_documents:
        _fail(f"none of {', '.join(paths)} is in the graph under {out}")


@main.command()
@click.argument("query_text", metavar="QUERY", required=False)
@click.option("--out", "out", default="output", show_default=True, help="Output folder of the graph.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable).")
@click.option("--list", "list_queries", is_flag=True, help="List the canned queries and what they do.")
def query(query_text: str | None, out: str, fmt: str, params: tuple[str, ...], list_queries: bool) -> None:
    """Run a SPARQL query on the graph: SPARQL text, a .rq file or a canned query name
    (leaders, chest-pain-stroke, partners, evidence; `kg query --list` shows all).

    \b
    Example:
      kg query leaders
      kg query partners --param name=医院全称 --format csv
      kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    from kg.errors import KgError
    from kg.query import canned, describe, format_result, parse_params
    from kg.query import query as run

    if list_queries or not query_text:
        for name, path in canned().items():
            click.echo(f"{name:22} {describe(path)}")
        if not list_queries:
            _fail("give a query: a canned name above, a .rq file or SPARQL text")
        return
    try:
        result = run(query_text, out, parse_params(params))
    except KgError as e:
        _fail(str(e))
    click.echo(format_result(result, fmt))


@main.command()
@click.argument("target", metavar="FILE")
@click.option("--out", "out", default="output", show_default=True, help="Output folder of the graph.")
@click.option("--format", "fmt", default="turtle", show_default=True,
              help="turtle, nt, jsonld, trig, nquads or graphml (see kg.export.FORMATS).")
def export(target: str, out: str, fmt: str) -> None:
    """Export the stored graph to FILE (TriG and N-Quads keep one named graph per document).

    \b
    Example:
      kg export --format trig output/graph.trig
    """
    from kg.errors import KgError
    from kg.export import export as run

    try:
        path = run(out, fmt, target)
    except KgError as e:
        _fail(str(e))
    click.echo(f"wrote {path}")


@main.command("eval")
@click.option("--gold", "gold_file", required=True, help="Gold annotations (JSON Lines, EXTRACTION.md format).")
@click.argument("paths", nargs=-1, required=True)
@click.option("--per-doc", is_flag=True, help="Also list every missed and extra fact per document.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_cmd(gold_file: str, paths: tuple[str, ...], per_doc: bool, as_json: bool) -> None:
    """Score extraction against gold annotations: P/R/F1 per kind of fact.

    PATHS are articles (extracted now) or `.jsonl` prediction files.

    \b
    Example:
      kg eval --gold my-gold.jsonl articles/ --per-doc
    """
    from kg.errors import KgError
    from kg.evaluate import format_table, load_jsonl, predictions_for, score

    try:
        report = score(load_jsonl(gold_file), predictions_for(paths))
    except KgError as e:
        _fail(str(e))
    if as_json:
        click.echo(json.dumps(report.to_json(per_doc), ensure_ascii=False, indent=1))
    else:
        click.echo(format_table(report, per_doc))


@main.command()
@click.option("--out", "out", default="output", show_default=True, help="The folder `kg build --out` wrote.")
@click.option("--focus", help="Show one node's neighbourhood (a name, an alias or part of a name).")
@click.option("--hops", default=1, show_default=True, type=click.IntRange(0), help="Neighbourhood radius of --focus.")
@click.option("--types", help="Only these node types: hospital,organization,person,centre,initiative,document.")
@click.option("--query", "query_text", metavar="Q",
              help="Show what a query names: a canned query, a .rq file or SPARQL (SELECT or CONSTRUCT).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of --query (repeatable).")
@click.option("--as-of", "as_of", metavar="DATE", callback=lambda _c, _p, v: _iso_date(v),
              help="The graph as it stood on DATE (ISO, any precision: 2021, 2021-06, 2021-06-30).")
@click.option("--max-nodes", default=2000, show_default=True, type=click.IntRange(1),
              help="Node cap; the most connected nodes are kept.")
@click.option("--layout", type=click.Choice(["auto", "physics", "networkx"]), default="auto", show_default=True)
@click.option("-o", "--output", "target", metavar="FILE", help="The HTML file (default: a name under --out).")
def view(out: str, focus: str | None, hops: int, types: str | None, query_text: str | None, params: tuple[str, ...],
         as_of: str | None, max_nodes: int, layout: str, target: str | None) -> None:
    """Write an offline HTML view of the graph: all of it, one node's neighbourhood, some types, or a query.

    \b
    Example:
      kg view --focus 医院全称 --hops 2 -o hospital.html
      kg view --types hospital --max-nodes 5000
      kg view --query partners --param name=医院全称
    """
    from kg.errors import KgError
    from kg.query import parse_params
    from kg.views.from_store import view_of_build

    try:
        result = view_of_build(out, target, query=query_text, params=parse_params(params), focus=focus, hops=hops,
                               types=types, as_of=as_of, max_nodes=max_nodes, layout=layout)
    except KgError as e:
        _fail(str(e))
    click.echo(result.message)


@main.command()
@click.option("--out", "out", default="output", show_default=True, help="The folder `kg build --out` wrote.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--write-rdf", is_flag=True, help="Also write the analytics as RDF (DIR/stats.ttl and the store).")
@click.option("--graphml", metavar="FILE", help="Also write the graph as GraphML (Gephi, yEd).")
def stats(out: str, as_json: bool, write_rdf: bool, graphml: str | None) -> None:
    """Counts per type and kind, institutions ranked by partners and centres, centrality, components and
    communities of the partnership network, leadership changes and accreditations per year.

    \b
    Example:
      kg stats --out output
      kg stats --json --write-rdf --graphml output/graph.graphml
    """
    from kg.errors import KgError
    from kg.stats import format_stats, stats_of_build, write_stats_rdf
    from kg.views import write_graphml

    try:
        figures, data = stats_of_build(out, graphml=bool(graphml))
        if write_rdf:
            click.echo(f"wrote {write_stats_rdf(figures, out)}", err=True)
        if graphml:
            click.echo(f"wrote {write_graphml(data, graphml)}", err=True)
    except KgError as e:
        _fail(str(e))
    click.echo(json.dumps(figures, ensure_ascii=False, indent=1) if as_json else format_stats(figures))
