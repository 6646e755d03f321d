"""tests/_rewritten.py writes the files pytest itself would read back: a test module's
asserts rewritten (``@py_assert`` names in its code) under the name and with the source
hash pytest checks, and nothing it would use once the source changes."""

from __future__ import annotations

from _pytest.assertion.rewrite import PYC_TAIL, _read_pyc, get_cache_dir
from _rewritten import main


def _names(code) -> set[str]:
    names = set(code.co_names) | set(code.co_varnames)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            names |= _names(const)
    return names


def test_the_rewritten_file_is_the_one_pytest_reads(tmp_path):
    source = tmp_path / "test_example.py"
    source.write_text("def test_x():\n    a = [1, 2]\n    assert a == [1, 3]\n")
    (tmp_path / "helper.py").write_text("x = 1\n")
    assert main(tmp_path) == 0
    pyc = get_cache_dir(source) / ("test_example" + PYC_TAIL)
    code = _read_pyc(source, pyc)
    assert code is not None  # pytest's own check: magic number, flags, the source's hash
    assert any(n.startswith("@py_assert") for n in _names(code))  # the asserts rewritten
    assert sorted(p.name for p in get_cache_dir(source).iterdir()) == [pyc.name]
    source.write_text("def test_x():\n    assert True\n")
    assert _read_pyc(source, pyc) is None  # out of date: pytest rewrites it afresh
