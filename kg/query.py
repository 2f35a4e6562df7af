"""Running SPARQL on the store: canned queries (ontology/queries/*.rq), parameters, table/CSV/JSON output.

A query is SPARQL text, a path to a ``.rq`` file, or the name of a canned query (`canned()` lists them).
Parameters (``--param name=VALUE``) replace ``$name`` in the query by a string literal, escaped so that no
value can change the query, and ``$name@zh`` by that literal with a language tag (labels are stored so, and
an exact literal is looked up in an index where ``FILTER(STR(?l) = ...)`` reads every label).  In a
``VALUES ?v { $name }`` block (or ``{ $name@zh $name }``) a missing parameter becomes ``UNDEF`` (the query
then runs for every value); elsewhere a missing parameter stays an unbound variable, unless the query's
header says ``# param: name ... (required)``.  Queries see the union of the graphs in the store.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pyoxigraph as ox

from kg import defaults
from kg.errors import QueryError

_KEYWORD = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_REQUIRED = re.compile(r"^#\s*param:\s*([A-Za-z_][A-Za-z0-9_]*)\b.*\(required\)", re.MULTILINE)
_VALUES = re.compile(r"VALUES\s+\?([A-Za-z_][A-Za-z0-9_]*)\s*\{((?:\s*\$[A-Za-z_][A-Za-z0-9_]*(?:@[A-Za-z-]+)?)+)\s*\}",
                     re.IGNORECASE)
_LANG_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)@([A-Za-z]+(?:-[A-Za-z0-9]+)*)\b")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # in a table for the terminal: no escape sequences from articles


class OutputFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


def canned(directory: Path | None = None) -> dict[str, Path]:
    """The canned queries: name -> .rq file."""
    d = directory or defaults.ONTOLOGY_DIR / "queries"
    return {p.stem: p for p in sorted(d.glob("*.rq"))}


def describe(path: Path) -> str:
    """The first comment line of a .rq file, without its ``name:`` prefix."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            text = line.lstrip("# ").strip()
            return text.split(":", 1)[1].strip() if text.split(":", 1)[0] == path.stem else text
    return ""


def load_query(query: str) -> str:
    """SPARQL text for `query`: a canned query's name, a .rq file, or SPARQL itself."""
    queries = canned()
    if query in queries:
        return queries[query].read_text(encoding="utf-8")
    if query.endswith(".rq") or (len(query) < 4096 and "\n" not in query and Path(query).is_file()):
        p = Path(query)
        if not p.is_file():
            raise QueryError(f"no query file {query}; give SPARQL text, a .rq file or one of: {', '.join(queries)}")
        return p.read_text(encoding="utf-8")
    if _KEYWORD.search(query):
        return query
    raise QueryError(f"{query!r} is not a canned query, a .rq file or SPARQL; canned queries: {', '.join(queries)}")


def sparql_string(value: str) -> str:
    """`value` as a SPARQL string literal (every quote, backslash and control character escaped)."""
    out = []
    for ch in value:
        code = ord(ch)
        if ch in "\\\"'":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code if code < 0xD800 else 0xFFFD:04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def bind_params(sparql: str, params: Mapping[str, str]) -> str:
    """Substitute the parameters (see the module docstring); an unused parameter is an error."""
    used = set(_PARAM.findall(sparql))
    unknown = sorted(set(params) - used)
    if unknown:
        hint = f"this query takes: {', '.join(sorted(used))}" if used else "this query takes no parameters"
        raise QueryError(f"unknown parameter {', '.join(unknown)}; {hint}")
    missing = [name for name in _REQUIRED.findall(sparql) if name not in params]
    if missing:
        raise QueryError("this query needs " + " ".join(f"--param {name}=VALUE" for name in missing))
    def values(m: re.Match) -> str:
        names = set(_PARAM.findall(m.group(2)))
        if len(names) != 1 or names <= set(params):
            return m.group(0)
        return f"VALUES ?{m.group(1)} {{ UNDEF }}"

    sparql = _VALUES.sub(values, sparql)
    sparql = _LANG_PARAM.sub(lambda m: f"{sparql_string(params[m.group(1)])}@{m.group(2)}" if m.group(1) in params
                             else m.group(0), sparql)
    return _PARAM.sub(lambda m: sparql_string(params[m.group(1)]) if m.group(1) in params else m.group(0), sparql)


@dataclass
class Result:
    """Rows of a query: column names and the values as strings ('' when unbound)."""

    columns: list[str]
    rows: list[list[str]]


def _value(term) -> str:
    if term is None:
        return ""
    return term.value if hasattr(term, "value") else str(term)


_ORDER_BY = re.compile(r"\bORDER\s+BY((?:\s*(?:(?:ASC|DESC)\s*\(\s*\?\w+\s*\)|\?\w+))+)\s*$", re.IGNORECASE)
_ORDER_KEY = re.compile(r"(DESC)?\s*\(?\s*\?(\w+)", re.IGNORECASE)
_SORTABLE = {"http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def _column_keys(column: list) -> list[tuple] | None:
    """Sort keys for the terms of one result column in SPARQL's order (unbound first, then strings by code
    point or integers by value), or None when the column holds terms whose order this does not follow
    (IRIs, dates, other numbers, strings mixed with numbers)."""
    kinds = {None if t is None else t.datatype.value if isinstance(t, ox.Literal) else "" for t in column}
    kinds.discard(None)
    if kinds <= _SORTABLE:
        return [(0, "") if t is None else (1, t.value) for t in column]
    if kinds == {_INTEGER} and all(t is None or t.value.lstrip("+-").isdigit() for t in column):
        return [(0, 0) if t is None else (1, int(t.value)) for t in column]
    return None


def _order(rows: list[tuple], cols: list[str], keys: list[tuple[str, bool]]) -> list[tuple] | None:
    """`rows` (tuples of terms in `cols` order) ordered by `keys` ((variable, descending) pairs) as ORDER BY
    orders them, or None when that order is not reproduced here (see `_column_keys`)."""
    if not {v for v, _ in keys} <= set(cols):
        return None
    order = list(range(len(rows)))
    for var, desc in reversed(keys):  # stable sorts, the last key first
        column = _column_keys([r[cols.index(var)] for r in rows])
        if column is None:
            return None
        order.sort(key=column.__getitem__, reverse=desc)
    return [rows[i] for i in order]


def run(store, sparql: str, reorder: bool = True) -> Result:
    """Run `sparql` on a `kg.store.GraphStore` (or `kg.remote.RemoteStore`).

    A final ``ORDER BY ?a ?b …`` of projected variables is done here, in Python, when the columns hold
    strings or integers: pyoxigraph compares stored strings by reading them back, which took longer than
    the rest of the query on results of tens of thousands of rows.  `reorder=False`: the store orders."""
    order = _ORDER_BY.search(sparql) if reorder else None
    if order and "#" in sparql[sparql.rfind("\n", 0, order.start()) + 1: order.start()]:
        order = None  # the ORDER BY is in a comment
    keys = [(m.group(2), bool(m.group(1))) for m in _ORDER_KEY.finditer(order.group(1))] if order else []
    try:
        res = store.query(sparql[: order.start()] if keys else sparql)
    except SyntaxError as e:
        if keys:  # the text without its ORDER BY does not parse: the error is the whole text's
            return run(store, sparql, reorder=False)
        raise QueryError(f"the SPARQL does not parse: {e}") from e
    if isinstance(res, ox.QueryBoolean):
        return Result(["result"], [["true" if bool(res) else "false"]])
    if isinstance(res, ox.QuerySolutions):
        cols = [v.value for v in res.variables]
        rows = [tuple(sol) for sol in res]
        if keys:
            ordered = _order(rows, cols, keys)
            if ordered is None:  # an order this module does not reproduce: the store's own
                return run(store, sparql, reorder=False)
            rows = ordered
        return Result(cols, [[_value(t) for t in row] for row in rows])
    if keys:
        return run(store, sparql, reorder=False)
    return Result(["subject", "predicate", "object"], [[_value(t.subject), _value(t.predicate), _value(t.object)]
                                                      for t in res])


def query(query_text: str, out: str | Path = defaults.OUT_DIR, params: Mapping[str, str] | None = None) -> Result:
    """Run a query (name, .rq file or SPARQL) with `params` on the store under `out`."""
    from kg.store import GraphStore

    sparql = bind_params(load_query(query_text), params or {})
    store = GraphStore(Path(out) / defaults.STORE_DIR, read_only=True)
    return run(store, sparql)


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal (CJK wide characters count 2, combining marks 0)."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def format_result(result: Result, fmt: str = OutputFormat.TABLE) -> str:
    """The result as an aligned table, CSV or JSON (a list of objects)."""
    if fmt == OutputFormat.JSON:
        return json.dumps([dict(zip(result.columns, r, strict=True)) for r in result.rows], ensure_ascii=False,
                          indent=1)
    if fmt == OutputFormat.CSV:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(result.columns)
        w.writerows(result.rows)
        return buf.getvalue().rstrip("\n")
    cells = [[_CONTROL.sub("\ufffd", " ".join(c.split())) for c in row] for row in result.rows]
    widths = [max([display_width(c)] + [display_width(r[i]) for r in cells]) for i, c in enumerate(result.columns)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(result.columns, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def parse_params(items: Sequence[str]) -> dict[str, str]:
    """``["name=VALUE", ...]`` -> dict (the value may contain ``=``)."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param {item!r}: write it as name=VALUE, e.g. --param name=医院全称")
        out[key.strip()] = value
    return out
