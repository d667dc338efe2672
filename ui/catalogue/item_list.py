"""The outlet's item list (事项清单) on A4, for the notice board the standard requires.

Every item this outlet may handle today, grouped by business group, with its time limit
and mode (全程办 / 收件转运). Printed through Qt's print system or written to PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from counter.bureau.models import CatalogueItem
from counter.catalogue import CatalogueService
from ui.catalogue.documents import item_list_document, item_list_html, write_pdf
from ui.qt import QCoreApplication, QPrinter, QTextDocument


class OutletItemList:
    def __init__(
        self,
        items: Sequence[CatalogueItem],
        *,
        outlet_name: str,
        category: int | None,
        version: str,
        training: bool,
        printed_at: datetime | None = None,
    ) -> None:
        self.items = list(items)
        self.outlet_name = outlet_name
        self.category = category
        self.version = version
        self.training = training
        self.printed_at = printed_at

    @classmethod
    def from_service(
        cls, service: CatalogueService, *, outlet_name: str, training: bool
    ) -> OutletItemList:
        """Today's usable items of the service's catalogue (never another category's)."""
        version = service.current.version if service.current else ""
        return cls(
            service.usable_items(),
            outlet_name=outlet_name,
            category=service.outlet_category,
            version=version,
            training=training,
        )

    @property
    def title(self) -> str:
        title = QCoreApplication.translate("OutletItemList", "{outlet} 社会保险业务办事事项清单")
        return title.format(outlet=self.outlet_name)

    def html(self) -> str:
        return item_list_html(
            self.items,
            outlet_name=self.outlet_name,
            category=self.category,
            version=self.version,
            training=self.training,
            printed_at=self.printed_at,
        )

    def document(self) -> QTextDocument:
        return item_list_document(
            self.items,
            outlet_name=self.outlet_name,
            category=self.category,
            version=self.version,
            training=self.training,
            printed_at=self.printed_at,
        )

    def export_pdf(self, path: Path) -> Path:
        return write_pdf(self.document(), path, title=self.title)

    def print_to(self, printer: QPrinter) -> None:
        """Print on `printer` as set up in the print dialog (A4 is the default offered)."""
        self.document().print_(printer)
