"""Load the department formats shipped in exchange/formats/*.json into the database."""

import json
from pathlib import Path

FORMATS_DIR = Path(__file__).parent / "formats"


def formats_load(**_: object) -> int:
    """Create or refresh every shipped format; return how many there are."""
    from .models import SourceFormat

    count = 0
    for path in sorted(FORMATS_DIR.glob("*.json")):
        config = json.loads(path.read_text(encoding="utf-8"))
        SourceFormat.objects.update_or_create(
            code=config["code"],
            defaults={
                "department": config["department"],
                "kind": config["kind"],
                "name_zh": config["name_zh"],
                "name_en": config["name_en"],
                "config": config,
            },
        )
        count += 1
    return count
