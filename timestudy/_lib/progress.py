"""Progress bars that work in a terminal and in Jupyter, with no warning either way.

``tqdm.auto`` picks the notebook bar in Jupyter, which needs ipywidgets; without
them it warns (``TqdmWarning: IProgress not found``) on every bar. Here the
notebook bar is used only when ipywidgets can be imported, and the plain text bar
otherwise, so a notebook without ipywidgets shows a text bar and no warning.
"""

from __future__ import annotations

from functools import cache


@cache
def _bar_class():
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        from tqdm.std import tqdm
    else:
        from tqdm.auto import tqdm
    return tqdm


def progress_bar(iterable=None, **options):
    """A tqdm progress bar: the notebook one when ipywidgets is installed, else text.

    Examples
    --------
    >>> bar = progress_bar(total=2, disable=True)
    >>> bar.update(2); bar.close()
    """
    return _bar_class()(iterable, **options)
