"""Progress bars that work in a terminal and in Jupyter, with no warning either way.

``tqdm.auto`` picks the notebook bar in Jupyter, which needs ipywidgets; without
them it warns (``TqdmWarning: IProgress not found``) on every bar. Here the
notebook bar is used only when ipywidgets can be imported, and the plain text bar
otherwise, so a notebook without ipywidgets shows a text bar and no warning.

A bar that is switched off (``disable=True``: ``--quiet``, ``progress=False``, and every
helper process's) is a :class:`Hidden` one, which shows nothing and imports nothing:
importing tqdm, and the ``multiprocessing`` its first bar imports for its lock, took
about 0.04 s of processor time in each process of ``timestudy guide`` that made a bar
(the guide, its read-ahead child and its report helper), and a hidden bar shows nothing
either way.
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


class Hidden:
    """A progress bar switched off: its methods do nothing, and it iterates over what it
    was given.

    Examples
    --------
    >>> bar = Hidden(total=2)
    >>> bar.update(2); bar.set_description("read"); bar.set_postfix_str("x"); bar.close()
    >>> list(Hidden([1, 2]))
    [1, 2]
    """

    disable = True

    def __init__(self, iterable=None, **options):
        self.iterable = iterable
        self.total = options.get("total")
        self.n = 0

    def __iter__(self):
        return iter(() if self.iterable is None else self.iterable)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def update(self, n: float = 1) -> None:  # noqa: D102 - as tqdm's
        self.n += n

    def set_description(self, *args, **kwargs) -> None:  # noqa: D102 - as tqdm's
        pass

    def set_postfix_str(self, *args, **kwargs) -> None:  # noqa: D102 - as tqdm's
        pass

    def close(self) -> None:  # noqa: D102 - as tqdm's
        pass


def progress_bar(iterable=None, **options):
    """A tqdm progress bar: the notebook one when ipywidgets is installed, else text; a
    :class:`Hidden` one (tqdm not imported) when ``disable`` is true.

    Examples
    --------
    >>> bar = progress_bar(total=2, disable=True)
    >>> bar.update(2); bar.close()
    >>> type(bar).__name__
    'Hidden'
    """
    if options.get("disable"):
        return Hidden(iterable, **options)
    return _bar_class()(iterable, **options)
