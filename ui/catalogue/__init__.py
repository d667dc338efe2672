"""The item catalogue on screen and on paper: search, item guide, A4 documents.

`CataloguePanel` is what the guide's and the clerk's workspaces embed.
"""

from ui.catalogue.guide import ItemGuideView
from ui.catalogue.item_list import OutletItemList
from ui.catalogue.panel import CataloguePanel
from ui.catalogue.search import CatalogueSearchWidget

__all__ = ["CataloguePanel", "CatalogueSearchWidget", "ItemGuideView", "OutletItemList"]
