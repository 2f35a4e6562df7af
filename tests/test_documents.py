"""Reading files, folders and globs: every bad file is skipped with one clear reason, nothing hangs."""

from __future__ import annotations

import builtins
import hashlib
import os
from pathlib import Path

import pytest

from kg import defaults
from kg.documents import iter_paths, read_document, read_documents
from kg.errors import DocumentError
from kg.model import Document

ARTICLE = "青禾县人民医院召开职工代表大会。院长林志远主持会议。\n"


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _reasons(paths) -> dict[str, str]:
    """{file name: reason or 'ok'} for everything read_documents yields."""
    out = {}
    for item in read_documents(paths):
        name = Path(item.path).name
        out[name] = item.reason if isinstance(item, DocumentError) else "ok"
    return out


def test_document_has_path_as_given_and_hash_of_raw_bytes(tmp_path):
    data = "\ufeff".encode() + ARTICLE.encode()
    path = _write(tmp_path / "a.txt", data)
    doc = read_document(str(path))
    assert doc.path == str(path)
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.text == ARTICLE


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", " \n\t\n\u3000\n", "no text (only white space)"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary file (NUL bytes)"),
        ("nul.txt", b"text\x00\x00\x00\xff\xfe\x00more", "binary file (NUL bytes)"),
        ("markup.html", "<html><body><script>x()</script><nav>首页</nav></body></html>", "no text after removing"),
    ],
)
def test_unreadable_files_are_skipped_with_a_reason(tmp_path, name, data, reason):
    path = _write(tmp_path / name, data)
    with pytest.raises(DocumentError) as err:
        read_document(path)
    assert err.value.reason.startswith(reason)
    assert err.value.path == str(path)


def test_read_documents_never_raises_and_keeps_going(tmp_path):
    _write(tmp_path / "a_good.txt", ARTICLE)
    _write(tmp_path / "b_empty.txt", b"")
    _write(tmp_path / "c_binary.txt", b"\x00\x01\x02\x03" * 10)
    _write(tmp_path / "d_good.html", f"<p>{ARTICLE}</p>")
    assert _reasons([tmp_path]) == {
        "a_good.txt": "ok",
        "b_empty.txt": "empty file",
        "c_binary.txt": "binary file (NUL bytes); only text and HTML files are read",
        "d_good.html": "ok",
    }


def test_permission_denied_through_open(tmp_path, monkeypatch):
    path = _write(tmp_path / "locked.txt", ARTICLE)
    real_open = builtins.open

    def refuse(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refuse)
    with pytest.raises(DocumentError, match="permission denied"):
        read_document(path)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied_by_mode(tmp_path):
    path = _write(tmp_path / "locked.txt", ARTICLE)
    path.chmod(0)
    try:
        assert _reasons([path]) == {"locked.txt": "permission denied; check the file's permissions"}
    finally:
        path.chmod(0o644)


def test_folder_named_like_a_file_is_walked_and_refused_as_a_file(tmp_path):
    folder = tmp_path / "news.txt"
    _write(folder / "inner.TXT", ARTICLE)
    assert _reasons([tmp_path]) == {"inner.TXT": "ok"}
    with pytest.raises(DocumentError, match="is a directory"):
        read_document(folder)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_loops_end(tmp_path):
    _write(tmp_path / "a.txt", ARTICLE)
    os.symlink("loop.txt", tmp_path / "loop.txt")  # a link to itself
    os.symlink(tmp_path, tmp_path / "again")  # a folder that contains itself
    os.symlink("missing.txt", tmp_path / "broken.txt")
    reasons = _reasons([tmp_path])
    assert reasons["a.txt"] == "ok"
    assert reasons["loop.txt"].startswith("symlink loop")
    assert reasons["broken.txt"].startswith("broken symlink")
    assert len(reasons) == 3
    assert _reasons([tmp_path / "loop.txt"]) == {"loop.txt": reasons["loop.txt"]}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert _reasons([tmp_path]) == {"pipe.txt": "not a regular file (device, pipe or socket)"}


def test_file_over_the_size_cap(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:  # 25 MB, mostly a hole in the file: only its size is looked at
        f.write(ARTICLE.encode())
        f.truncate(25 * 1024 * 1024)
    assert defaults.MAX_BYTES < 25 * 1024 * 1024
    assert _reasons([big]) == {"big.txt": "larger than 20 MB (raise the cap with --max-mb)"}


def test_size_cap_can_be_raised(tmp_path):
    path = _write(tmp_path / "a.txt", ARTICLE * 100)
    with pytest.raises(DocumentError, match="raise the cap with --max-mb"):
        read_document(path, max_bytes=1000)
    assert isinstance(read_document(path, max_bytes=1_000_000), Document)
    assert [type(x) for x in read_documents([path], max_bytes=1000)] == [DocumentError]


def test_very_long_line(tmp_path):
    line = "医院召开会议，" * 150_000 + "会议结束。"  # about 1 million characters without a line break
    doc = read_document(_write(tmp_path / "long.txt", line))
    assert len(doc.text) == len(line)
    assert all(len(s.text) <= 500 for s in doc.sentences)
    assert doc.sentences[-1].text.endswith("会议结束。")
    assert all(doc.text[s.start : s.end] == s.text for s in doc.sentences)


def test_folders_are_walked_sorted_case_insensitively_and_only_for_articles(tmp_path):
    _write(tmp_path / "b" / "z.htm", f"<p>{ARTICLE}</p>")
    _write(tmp_path / "b" / "y.HTML", f"<p>{ARTICLE}</p>")
    _write(tmp_path / "a.Txt", ARTICLE)
    _write(tmp_path / "notes.md", ARTICLE)
    _write(tmp_path / "photo.jpg", b"\xff\xd8\xff")
    names = [p.relative_to(tmp_path).as_posix() for p in iter_paths([tmp_path])]
    assert names == ["a.Txt", "b/y.HTML", "b/z.htm"]


def test_explicit_files_of_any_name_are_read(tmp_path):
    path = _write(tmp_path / "article.md", ARTICLE)
    assert list(iter_paths([path])) == [path]


def test_globs_duplicates_and_missing_paths(tmp_path):
    a = _write(tmp_path / "a.txt", ARTICLE)
    _write(tmp_path / "b.txt", ARTICLE)
    _write(tmp_path / "c.html", f"<p>{ARTICLE}</p>")
    items = list(read_documents([str(tmp_path / "*.txt"), a, tmp_path, tmp_path / "nope.txt", str(tmp_path / "*.xml")]))
    assert [x.path for x in items] == sorted(x.path for x in items)
    docs = [x for x in items if isinstance(x, Document)]
    errors = {Path(x.path).name: x.reason for x in items if isinstance(x, DocumentError)}
    assert sorted(Path(d.path).name for d in docs) == ["a.txt", "b.txt", "c.html"]  # each once
    assert errors == {"nope.txt": "no such file or folder", "*.xml": "no file matches this pattern; check the quoting"}
    again = [x.path for x in read_documents([tmp_path / "nope.txt", str(tmp_path / "*.xml"), tmp_path, a])]
    assert again == [x.path for x in items]


def test_order_does_not_depend_on_the_argument_order(tmp_path):
    for name in ("c.txt", "a.txt", "b.txt"):
        _write(tmp_path / name, ARTICLE)
    forward = [p.name for p in iter_paths([tmp_path / "c.txt", tmp_path / "a.txt", tmp_path / "b.txt"])]
    assert forward == ["a.txt", "b.txt", "c.txt"]


def test_html_by_content_in_a_txt_file(tmp_path):
    page = "<!DOCTYPE html><html><head><title>标题</title></head><body><p>医院召开会议。</p></body></html>"
    doc = read_document(_write(tmp_path / "saved.txt", page))
    assert doc.text == "医院召开会议。"
    assert doc.title == "标题"


def test_date_in_the_file_name(tmp_path):
    doc = read_document(_write(tmp_path / "2021-05-10_news.txt", ARTICLE))
    assert doc.published == "2021-05-10"
    doc = read_document(_write(tmp_path / "1f20210510ab.txt", ARTICLE))
    assert doc.published is None  # digits inside a hash are no date


def test_folder_that_cannot_be_listed(tmp_path, monkeypatch):
    _write(tmp_path / "a.txt", ARTICLE)
    locked = tmp_path / "locked"
    _write(locked / "b.txt", ARTICLE)
    real_scandir = os.scandir

    def refuse(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    items = list(read_documents([tmp_path]))
    assert [type(x).__name__ for x in items] == ["Document", "DocumentError"]
    assert items[1].path == str(locked)
    assert items[1].reason == "cannot list folder: permission denied; check the folder's permissions"


@pytest.mark.parametrize("raw", ["bad\0name.txt", "x" * 5000, "y" * 300 + "/z.txt"])
def test_invalid_paths_are_reported(raw):
    items = list(read_documents([raw]))
    assert len(items) == 1 and isinstance(items[0], DocumentError)
    assert items[0].reason.startswith(("invalid path", "cannot read"))


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_devices_are_refused_without_reading(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    assert [x.reason for x in read_documents([device])] == ["not a regular file (device, pipe or socket)"]
