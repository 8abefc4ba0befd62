"""Reading survey exports: file formats, encodings, platforms, column mapping."""
from .load import load_responses

__all__ = ["load_responses"]
