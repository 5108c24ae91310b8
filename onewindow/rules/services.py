"""Writes of the rules domain: loading the shipped rule packs into the database."""

import logging
from pathlib import Path

from django.db import transaction

from .errors import RulePackVersionConflict
from .models import RulePack, RuleParameter, RuleValue
from .packfiles import PackSpec, pack_files, pack_read

logger = logging.getLogger(__name__)


def rule_pack_load(*, spec: PackSpec) -> tuple[RulePack, bool]:
    """Store a checked pack as the current version of its code.

    Returns the pack and whether anything was written. The same version with the
    same contents is left alone; the same version with other contents is refused,
    so that a figure once shown can always be traced to the version that made it.
    """
    existing = RulePack.objects.filter(code=spec.code, version=spec.version).first()
    if existing is not None:
        if existing.checksum != spec.checksum:
            raise RulePackVersionConflict(pack=spec.code, version=spec.version)
        if not existing.is_current:
            with transaction.atomic():
                RulePack.objects.filter(code=spec.code, is_current=True).update(
                    is_current=False
                )
                existing.is_current = True
                existing.save(update_fields=["is_current"])
            return existing, True
        return existing, False

    with transaction.atomic():
        RulePack.objects.filter(code=spec.code, is_current=True).update(
            is_current=False
        )
        pack = RulePack.objects.create(
            code=spec.code,
            region=spec.region,
            version=spec.version,
            title_en=spec.title_en,
            title_zh=spec.title_zh,
            documents=spec.documents,
            checksum=spec.checksum,
            is_current=True,
        )
        for parameter_spec in spec.parameters:
            parameter = RuleParameter.objects.create(
                pack=pack,
                key=parameter_spec.key,
                unit=parameter_spec.unit,
                document=parameter_spec.document,
                article=parameter_spec.article,
                required_from=parameter_spec.required_from,
            )
            RuleValue.objects.bulk_create(
                RuleValue(
                    parameter=parameter,
                    effective_from=value.effective_from,
                    effective_to=value.effective_to,
                    value=value.value,
                    unknown=value.unknown,
                    note=value.note,
                )
                for value in parameter_spec.values
            )
    logger.info("rules.pack_loaded", extra={"pack": spec.code, "version": spec.version})
    return pack, True


def rule_packs_load(paths: list[Path] | None = None, **_: object) -> list[RulePack]:
    """Check every pack file first, then load them; one bad file loads nothing."""
    specs = [pack_read(path) for path in (paths or pack_files())]
    with transaction.atomic():
        return [rule_pack_load(spec=spec)[0] for spec in specs]
