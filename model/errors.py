"""The one error type bad input raises: it names the file, the key, the value and what was expected."""


class DataError(ValueError):
    """Bad input in a data file, a scenario or a command-line override."""

    def __init__(self, file: str, key: str, value, expected: str):
        self.file, self.key, self.value, self.expected = file, key, value, expected
        super().__init__(f"{file}: {key} = {value!r}: expected {expected}")
