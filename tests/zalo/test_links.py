"""Signed download links (bot/links.py): one file under one name until one moment; the key from the setting or
the token; the directory kept under its age and size caps."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bot.links import PREFIX, LinkRefused, LinkStore, link_key


def store(tmp_path: Path, **kwargs: object) -> LinkStore:
    options: dict[str, object] = {"base_url": "https://gopy.example.vn/", "hours": 2.0}
    options.update(kwargs)
    return LinkStore(tmp_path / "links", link_key(None, "123:token"), **options)  # type: ignore[arg-type]


def path_of(url: str) -> str:
    return url.removeprefix("https://gopy.example.vn")


def test_a_link_names_one_file_until_its_expiry(tmp_path: Path) -> None:
    links = store(tmp_path)
    now = time.time()
    link = links.put("Báo cáo tháng 7.docx", b"content", now=now)
    assert link.url.startswith("https://gopy.example.vn" + PREFIX)
    stored, name = links.check(path_of(link.url), now=now + 60)
    assert (stored.read_bytes(), name) == (b"content", "Báo cáo tháng 7.docx")
    with pytest.raises(LinkRefused) as late:
        links.check(path_of(link.url), now=now + 2 * 3600 + 1)
    assert (late.value.status, late.value.key) == (410, "chat.link.expired")


def test_keys_differ_by_secret_and_token(tmp_path: Path) -> None:
    assert link_key(None, "1:a") != link_key(None, "1:b") != link_key("s3cret", "1:a")
    assert link_key("s3cret", "1:a") == link_key("s3cret", "1:b")  # the setting wins over the token
    one = store(tmp_path)
    other = LinkStore(tmp_path / "links", link_key("another", "123:token"), base_url="https://gopy.example.vn")
    link = one.put("a.xlsx", b"x")
    with pytest.raises(LinkRefused) as refused:
        other.check(path_of(link.url))
    assert refused.value.status == 403


def test_the_directory_keeps_to_its_caps(tmp_path: Path) -> None:
    links = store(tmp_path, max_bytes=2500)
    now = time.time()
    first = links.put("1.bin", b"1" * 1000, now=now - 10)
    second = links.put("2.bin", b"2" * 1000, now=now - 5)
    third = links.put("3.bin", b"3" * 1000, now=now)  # over 2,500 bytes: the oldest goes
    names = {p.name for p in (tmp_path / "links").iterdir()}
    assert len(names) == 2
    with pytest.raises(LinkRefused) as gone:
        links.check(path_of(first.url), now=now)
    assert (gone.value.status, gone.value.key) == (410, "chat.link.gone")
    assert links.check(path_of(second.url), now=now) and links.check(path_of(third.url), now=now)
    old = tmp_path / "links" / path_of(second.url).split("/")[2]
    os.utime(old, (now - 3 * 3600, now - 3 * 3600))  # older than a link lives
    links.prune(now)
    assert not old.exists()


def test_same_bytes_are_stored_once_and_kept_as_long_as_the_newest_link(tmp_path: Path) -> None:
    links = store(tmp_path)
    now = time.time()
    a = links.put("a.docx", b"same", now=now - 3600)
    b = links.put("b.docx", b"same", now=now)
    assert len(list((tmp_path / "links").iterdir())) == 1
    assert links.check(path_of(b.url), now=now + 3700)
    with pytest.raises(LinkRefused):
        links.check(path_of(a.url), now=now + 3700)  # its own expiry still holds
