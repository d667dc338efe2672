"""The courier's workspace (收件转运): batches, manifests, hand-over to the bureau."""

from ui.courier.workspace import CourierWorkspace

__all__ = ["CourierWorkspace"]
