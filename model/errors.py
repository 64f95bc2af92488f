"""The one error type bad input raises: it names the file, the key, the value and what was expected."""
import reprlib

EXCERPT = 80  # characters of a value (or key) a message may echo: a hostile input never floods a terminal



class _Repr(reprlib.Repr):
    def repr_int(self, x, level):
        if x.bit_length() > 256:  # repr() of a huge integer is slow, then refused past 4,300 digits
            return f"<a whole number of about {int(x.bit_length() * 0.30103)} digits>"
        return super().repr_int(x, level)


_repr = _Repr()
_repr.maxlevel, _repr.maxlist, _repr.maxtuple, _repr.maxdict = 3, 6, 6, 4
_repr.maxstring = _repr.maxother = _repr.maxlong = EXCERPT


def excerpt(x, limit: int = EXCERPT) -> str:
    """A short repr of x: bounded in depth and length whatever x holds (reprlib never recurses deeply)."""
    text = _repr.repr(x)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _short(text: str, limit: int = EXCERPT) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


class DataError(ValueError):
    """Bad input in a data file, a scenario or a command-line override."""

    def __init__(self, file: str, key: str, value, expected: str, *, shown: bool = True):
        """``shown`` False leaves ``= value`` out of the message: for a key that itself is the whole
        input (``--set x`` has no value to echo)."""
        self.file, self.key, self.value, self.expected, self.shown = file, _short(str(key)), value, expected, shown
        said = f" = {excerpt(value)}" if shown else ""
        super().__init__(f"{file}: {self.key}{said}: expected {expected}")

    def __reduce__(self):
        """Pickled whole: one raised in a dask worker (model/distributed.py) reaches the client as
        itself (the default would call DataError(message) and fail)."""
        return _rebuild, (self.file, self.key, self.value, self.expected, self.shown)


def _rebuild(file, key, value, expected, shown):
    return DataError(file, key, value, expected, shown=shown)
