"""QR codes for the screen and for A4 documents (qrcode's matrix painted into a QImage)."""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from ui.qt import QColor, QImage, QPainter, QPixmap, Qt


def qr_image(data: str, *, module_px: int = 6, border: int = 2) -> QImage:
    """A black-on-white QR code (error level M) with a quiet zone of `border` modules."""
    if not data:
        raise ValueError("二维码内容不能为空")
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=border)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix) * module_px
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor(Qt.GlobalColor.white))
    black = QColor(Qt.GlobalColor.black)
    painter = QPainter(image)
    try:
        for y, row in enumerate(matrix):
            for x, dark in enumerate(row):
                if dark:
                    painter.fillRect(x * module_px, y * module_px, module_px, module_px, black)
    finally:
        painter.end()
    return image


def qr_pixmap(data: str, *, module_px: int = 5) -> QPixmap:
    return QPixmap.fromImage(qr_image(data, module_px=module_px))
