"""Logos of the project's own making for the demo identity providers: a coloured square with
the provider's initials in white, written as a PNG with the standard library only.

They stand for the providers on the chooser's tiles without borrowing any real brand's logo.
"""

import struct
import zlib

SIZE_PIXELS = 96
SCALE = 6  # each dot of the 5 x 7 letters is a 6 x 6 square
# A 5 x 7 dot font: each letter is seven rows of five bits, the left dot first.
LETTERS = {
    "A": (0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11),
    "B": (0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E),
    "C": (0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E),
    "D": (0x1C, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1C),
    "E": (0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F),
    "F": (0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10),
    "G": (0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F),
    "H": (0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11),
    "I": (0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E),
    "J": (0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C),
    "K": (0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11),
    "L": (0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F),
    "M": (0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11),
    "N": (0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11),
    "O": (0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E),
    "P": (0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10),
    "Q": (0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D),
    "R": (0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11),
    "S": (0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E),
    "T": (0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04),
    "U": (0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E),
    "V": (0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04),
    "W": (0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A),
    "X": (0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11),
    "Y": (0x11, 0x11, 0x0A, 0x04, 0x04, 0x04, 0x04),
    "Z": (0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F),
}
WHITE = (255, 255, 255)


def initials_of(name: str) -> str:
    """The first two letters of a provider's name: « impots.gouv.fr (démo) » → « IM »."""
    return "".join(letter for letter in name.upper() if letter in LETTERS)[:2]


def demo_logo_png(initials: str, colour: str) -> bytes:
    """A SIZE_PIXELS square PNG of ``colour`` (#rrggbb) with ``initials`` in white, centred."""
    background = tuple(int(colour[index : index + 2], 16) for index in (1, 3, 5))
    dots = _dots(initials)
    left = (SIZE_PIXELS - len(dots[0]) * SCALE) // 2
    top = (SIZE_PIXELS - len(dots) * SCALE) // 2
    rows = []
    for y in range(SIZE_PIXELS):
        row = bytearray(b"\x00")  # PNG filter type 0 for each row
        for x in range(SIZE_PIXELS):
            dot_row, dot_column = (y - top) // SCALE, (x - left) // SCALE
            inside = y - top >= 0 and x - left >= 0 and dot_row < len(dots) and dot_column < len(dots[0])
            row += bytes(WHITE if inside and dots[dot_row][dot_column] else background)
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", SIZE_PIXELS, SIZE_PIXELS, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(b"".join(rows), 9)),
            _chunk(b"IEND", b""),
        ]
    )


def _dots(initials: str) -> list[list[bool]]:
    """The letters side by side with one blank column between them, as rows of dots."""
    rows = []
    for row in range(7):
        dots = []
        for index, letter in enumerate(initials):
            if index:
                dots.append(False)
            bits = LETTERS[letter][row]
            dots += [bool(bits & (1 << (4 - column))) for column in range(5)]
        rows.append(dots)
    return rows


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
