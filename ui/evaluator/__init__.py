"""The citizen-facing on-screen evaluator (好差评, ``evaluator.kind = "screen"``)."""

from ui.evaluator.window import EvaluatorWindow

__all__ = ["EvaluatorWindow"]
