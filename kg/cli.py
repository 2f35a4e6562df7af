"""The `kg` command: thin commands over library functions (heavy imports inside the commands)."""

from __future__ import annotations

import json
import sys

import click


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


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--jsonl", is_flag=True, help="Print one JSON object per document (EXTRACTION.md contract).")
def extract(paths: tuple[str, ...], jsonl: bool) -> None:
    """Extract facts from articles and print them (no graph is written).

    \b
    Example:
      kg extract seeds --jsonl > pred.jsonl
    """
    from kg.documents import read_documents
    from kg.errors import DocumentError
    from kg.extract import extract as run

    for item in read_documents(paths):
        if isinstance(item, DocumentError):
            click.echo(f"skipped {item.path}: {item.reason}", err=True)
            continue
        doc = run(item)
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
