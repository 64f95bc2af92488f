"""Report output: display helpers for notebooks and the notebook -> PDF export."""

from .display import show_figure, show_table, show_text

__all__ = ["notebook_to_pdf", "show_figure", "show_table", "show_text"]


def __getattr__(name):
    # Imported lazily so that notebooks calling show_* do not load nbconvert,
    # pandoc and typst in the kernel.
    if name == "notebook_to_pdf":
        from .pdf import notebook_to_pdf

        return notebook_to_pdf
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
