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
