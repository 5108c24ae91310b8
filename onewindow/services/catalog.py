"""The service catalog is data: one JSON file per service in catalog/.

A city adds a service of an existing kind, or changes its texts, documents,
fields or promised time, by editing a file; the files are loaded after every
migrate (and the rows stay editable in the admin).
"""

import json
import logging
from pathlib import Path
from typing import Any

from django.db import transaction

from .models import Kind, Service

logger = logging.getLogger(__name__)
CATALOG_DIR = Path(__file__).parent / "catalog"
LANGUAGES = ("zh-hans", "en")
SECTIONS = ("summary", "who", "documents", "legal_basis", "next_steps")
FIELD_TYPES = ("text", "textarea", "date", "month", "region", "choice", "readonly")


class CatalogError(ValueError):
    """A catalog file that cannot be loaded; the message names file and key."""


def _check(name: str, data: dict[str, Any]) -> None:
    for key in ("code", "kind", "names", "texts", "promised_working_days"):
        if key not in data:
            raise CatalogError(f"{name}: missing {key}")
    if data["kind"] not in Kind.values:
        raise CatalogError(f"{name}: unknown kind {data['kind']}")
    for language in LANGUAGES:
        if not data["names"].get(language):
            raise CatalogError(f"{name}: names.{language} is empty")
        for section in SECTIONS:
            if not data["texts"].get(section, {}).get(language):
                raise CatalogError(f"{name}: texts.{section}.{language} is empty")
    for spec in data.get("fields", []):
        if spec.get("type") not in FIELD_TYPES:
            raise CatalogError(f"{name}: field {spec.get('name')} has an unknown type")
        if not all(spec.get("label", {}).get(lang) for lang in LANGUAGES):
            raise CatalogError(f"{name}: field {spec.get('name')} needs both labels")


def catalog_files() -> list[tuple[str, dict[str, Any]]]:
    files = []
    for path in sorted(CATALOG_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        _check(path.name, data)
        files.append((path.name, data))
    return files


def catalog_load(**kwargs: Any) -> int:
    """Create or update the services from the catalog files; returns how many."""
    entries = catalog_files()
    with transaction.atomic():
        for _name, data in entries:
            Service.objects.update_or_create(
                code=data["code"],
                defaults={
                    "kind": data["kind"],
                    "names": data["names"],
                    "texts": data["texts"],
                    "fields": data.get("fields", []),
                    "promised_working_days": data["promised_working_days"],
                    "is_benefit": data.get("is_benefit", False),
                    "is_active": data.get("is_active", True),
                    "order": data.get("order", 100),
                },
            )
    logger.info("services.catalog_loaded", extra={"count": len(entries)})
    return len(entries)
