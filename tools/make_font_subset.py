"""Make the vendored CJK font: Noto Sans CJK SC cut down to the characters we need.

Run on a machine with Debian's fonts-noto-cjk installed:
    .venv/bin/python tools/make_font_subset.py
It keeps ASCII, Latin-1, general and CJK punctuation, full-width forms, all 6,763
characters of GB 2312, and every character used in the translations, templates
and sample data, so that names and pages render in PDFs on a machine with no
Chinese font. The font is under the SIL Open Font License 1.1 (fonts/OFL.txt).
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "onewindow" / "static" / "fonts" / "NotoSansSC-subset.otf"


def gb2312() -> set[str]:
    chars = set()
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def used_in_project() -> set[str]:
    chars: set[str] = set()
    for pattern in ("locale/**/*.po", "onewindow/**/*.html", "onewindow/**/*.json"):
        for path in ROOT.glob(pattern):
            chars.update(path.read_text(encoding="utf-8"))
    for path in (ROOT / "onewindow" / "demo" / "data").glob("*.csv"):
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                chars.update(raw.decode(encoding))
                break
            except UnicodeDecodeError:
                continue
    return chars


def main() -> int:
    collection = TTCollection(str(SOURCE))
    font = next(f for f in collection.fonts if "SC" in f["name"].getDebugName(1))
    ranges = [
        range(0x20, 0x7F),
        range(0xA0, 0x100),
        range(0x2000, 0x2070),
        range(0x3000, 0x3040),
        range(0xFF00, 0xFFF0),
        range(0x2190, 0x2200),
    ]
    chars = {chr(c) for r in ranges for c in r} | gb2312() | used_in_project()
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(chars)))
    subsetter.subset(font)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    font.save(TARGET)
    sys.stdout.write(
        f"{TARGET} {TARGET.stat().st_size} bytes, {len(chars)} characters\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
