"""Two exports appended in two encodings, and a byte-order mark left inside a file
(audit23m mixed_enc.csv, midbom.csv).

A council's diary is often two exports joined: one saved as CSV UTF-8 (``Zoë`` as the two
bytes C3 AB) and one as plain CSV (Windows text, ``Zoë`` as the one byte EB). The file is
not UTF-8 throughout, so it was read as cp1252 throughout, and the UTF-8 lines' ``Zoë``
read ``ZoÃ«``: one worker became two, with no word said. Joining files can also leave a
byte-order mark at the start of a line inside the file: ``\\ufeffW1`` prints as ``W1`` and
was another worker.
"""

from __future__ import annotations

from timestudy import read_diary

HEAD = "worker_id,start,end,activity,case_id\n"


def _row(day: int, name: str = "Zoë Brown") -> str:
    return f"{name},2026-03-{day:02d}T09:00,2026-03-{day:02d}T10:00,visit,C1\n"


def test_lines_in_two_encodings_are_each_read_in_their_own(tmp_path):
    """By hand: 2 rows of Zoë Brown in UTF-8, then 2 in cp1252: one worker, 4 x 60 = 240
    minutes, and a warning naming lines 4 and 5 (the header is line 1). Before: two
    workers, ``ZoÃ« Brown`` (120) and ``Zoë Brown`` (120), no warning."""
    path = tmp_path / "appended.csv"
    path.write_bytes((HEAD + _row(9) + _row(10)).encode() + (_row(11) + _row(12)).encode("cp1252"))
    r = read_diary(path, warn=False)
    assert r.episodes["worker_id"].unique().tolist() == ["Zoë Brown"]
    assert r.episodes["duration_min"].sum() == 240
    said = [w for w in r.report.details["warnings"] if w["code"] == "mixed_encoding"]
    assert len(said) == 1 and said[0]["message"].startswith("mixed_encoding: lines 4, 5 (2 lines)")


def test_a_big_file_mixed_from_its_start(tmp_path):
    """By hand: Zoë Brown's row in UTF-8, then in cp1252, then 3,000 plain ASCII rows of W2
    (more than 128 kB, past the streamed read): 2 hours of one Zoë Brown, line 3 named.
    Before: ``ZoÃ« Brown`` and ``Zoë Brown``, 1 hour each. (A file UTF-8 throughout its
    first 64 kB and Windows text later is refused naming the byte and line:
    tests/security/test_bounded_inputs.py.)"""
    rows = "".join(_row(1 + i % 28, "W2").replace("2026-03", f"2026-{1 + i // 28 % 12:02d}")
                   .replace("T09", f"T{8 + i // 336 % 10:02d}") for i in range(3000))
    path = tmp_path / "big.csv"
    path.write_bytes((HEAD + _row(9)).encode() + _row(10).encode("cp1252") + rows.encode())
    assert path.stat().st_size > 1 << 17
    r = read_diary(path, warn=False)
    zoe = r.episodes[r.episodes["worker_id"].str.startswith("Zo")]
    assert zoe["worker_id"].unique().tolist() == ["Zoë Brown"] and len(zoe) == 2
    said = [w for w in r.report.details["warnings"] if w["code"] == "mixed_encoding"]
    assert said and "line 3 (1 line)" in said[0]["message"]


def test_a_windows_file_is_still_read_as_windows_text(tmp_path):
    """A file in cp1252 alone (é, £, ë as single bytes) is cp1252, no warning."""
    path = tmp_path / "windows.csv"
    path.write_bytes((HEAD + _row(9) + _row(10, "René £")).encode("cp1252"))
    r = read_diary(path, warn=False)
    assert r.report.details["encoding"] == "cp1252"
    assert sorted(r.episodes["worker_id"]) == ["René £", "Zoë Brown"]
    assert not [w for w in r.report.details.get("warnings", ()) if w["code"] == "mixed_encoding"]


def test_a_byte_order_mark_inside_the_file_is_not_part_of_an_id(tmp_path):
    """By hand: W1 on three rows, the second starting with a byte-order mark (EF BB BF)
    left where a header line was deleted: one worker, 180 minutes. Before: ``W1`` (120)
    and ``\\ufeffW1`` (60), printed alike."""
    path = tmp_path / "joined.csv"
    path.write_bytes(("\ufeff" + HEAD + _row(9, "W1") + "\ufeff" + _row(10, "W1")
                      + _row(11, "W1")).encode())
    r = read_diary(path, warn=False)
    assert r.episodes["worker_id"].unique().tolist() == ["W1"]
    assert r.episodes["duration_min"].sum() == 180


def test_utf16_without_a_byte_order_mark(tmp_path):
    """audit23m utf16_nobom.csv: tab-separated UTF-16 (little-endian) with no BOM, as some
    exports write it. By hand: 3 rows of Zoë Brown, 3 x 45 minutes; a file of 2,000 rows
    (past the 64 kB the binary check reads) the same. Before: refused, its headers read
    as ``'W\\x00o\\x00r\\x00...'`` (small), or as not a text table (large)."""
    for n in (3, 2000):
        days = [f"2026-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}T{8 + i // 336 % 10:02d}"
                for i in range(n)]
        rows = "".join(f"Zoë Brown,{d}:00,{d}:45,visit,C1\n" for d in days)
        path = tmp_path / f"wide{n}.csv"
        path.write_bytes((HEAD + rows).replace(",", "\t").encode("utf-16-le"))
        r = read_diary(path, warn=False)
        assert r.report.details["encoding"] == "utf-16-le"
        assert r.episodes["worker_id"].unique().tolist() == ["Zoë Brown"]
        assert len(r.episodes) == n and r.episodes["duration_min"].sum() == 45 * n


def test_a_windows_file_whose_bytes_happen_to_be_utf8_somewhere(tmp_path):
    """review23a cp1252_nbsp.csv: Windows text throughout; ``RENÉ`` + a non-breaking space
    is the bytes C9 A0, which are also UTF-8 (``ɠ``), and other lines hold é and ë. By
    hand: one worker RENÉ, 2 x 60 minutes, cp1252, no warning. Before the review: read as
    mixed, RENÉ 60 and RENɠ 60."""
    path = tmp_path / "windows.csv"
    path.write_bytes((HEAD + _row(9, "RENÉ\u00a0") + _row(10, "RENÉ") + _row(11, "Zoë"))
                     .encode("cp1252"))
    r = read_diary(path, warn=False)
    assert r.report.details["encoding"] == "cp1252"
    assert r.episodes.groupby("worker_id")["duration_min"].sum().to_dict() == {
        "RENÉ": 120, "Zoë": 60}


def test_a_mixed_file_line_that_is_utf8_only_by_chance(tmp_path):
    """A mixed file (Zoë in UTF-8, then Windows lines), one Windows line holding ``É`` + a
    non-breaking space (valid UTF-8 ``ɠ``): that line is Windows text too. By hand: Zoë
    Brown 60 and RENÉ 60 + 60; lines 3 and 4 named."""
    path = tmp_path / "mixed.csv"
    path.write_bytes((HEAD + _row(9)).encode() + (_row(10, "RENÉ\u00a0") + _row(11, "RENÉ"))
                     .encode("cp1252"))
    r = read_diary(path, warn=False)
    assert r.episodes.groupby("worker_id")["duration_min"].sum().to_dict() == {
        "RENÉ": 120, "Zoë Brown": 60}
    said = [w for w in r.report.details["warnings"] if w["code"] == "mixed_encoding"]
    assert said[0]["message"].startswith("mixed_encoding: lines 3, 4 (2 lines)")


def test_utf8_lines_of_other_scripts_in_a_mixed_file(tmp_path):
    """review23b enc_ro.csv, enc_ro2.csv, enc_arrow.csv: UTF-8 lines holding Ștefan (C8 98:
    a Windows reading is ``È˜tefan``) or arrows and ticks, beside a Windows line of René.
    By hand: three workers, each line in its own encoding; the Windows line named. Before
    the review: the UTF-8 lines read as Windows text (Ștefan as two workers), or the file
    not seen as mixed at all when its UTF-8 lines held only such characters."""
    for utf8 in ("Ștefan,{}T09:00,{}T10:00,visit,C1\n",
                 "W2,{}T09:00,{}T10:00,visit → notes ✓,C1\n"):
        path = tmp_path / "mixed.csv"
        path.write_bytes(HEAD.encode() + _row(9, "René").encode("cp1252")
                         + utf8.format("2026-03-10", "2026-03-10").encode())
        r = read_diary(path, warn=False)
        assert sorted(r.episodes["worker_id"]) == sorted(["René", utf8.split(",")[0]])
        assert r.episodes["activity"].iloc[-1] == utf8.split(",")[3]
        said = [w for w in r.report.details["warnings"] if w["code"] == "mixed_encoding"]
        assert said[0]["message"].startswith("mixed_encoding: line 2 (1 line)")
