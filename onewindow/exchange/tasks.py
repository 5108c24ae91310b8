"""Background work of the exchange: running an import batch."""

import logging
import threading

from celery import shared_task
from django.conf import settings
from django.db import connection

from .models import ImportBatch
from .services import import_batch_run

logger = logging.getLogger(__name__)


@shared_task(name="exchange.import_batch_run")
def import_batch_task(batch_id: int) -> str:
    batch = ImportBatch.objects.select_related("source_format").get(id=batch_id)
    if batch.status != ImportBatch.Status.PENDING:
        return batch.status
    return import_batch_run(batch=batch).status


def import_batch_dispatch(batch_id: int) -> None:
    """Start an import in the background.

    With a broker this is a Celery task. The embedded default has no broker and
    runs tasks inline; there an upload would hold the request until the whole
    file is in, so a thread runs it instead and the batch page shows progress.
    Tests keep tasks inline and synchronous (EXCHANGE_THREAD_WHEN_INLINE off).
    """
    if settings.CELERY_TASK_ALWAYS_EAGER and settings.EXCHANGE_THREAD_WHEN_INLINE:
        threading.Thread(
            target=_run_in_thread,
            args=(batch_id,),
            name=f"import-{batch_id}",
            daemon=True,
        ).start()
        return
    import_batch_task.delay(batch_id)


def _run_in_thread(batch_id: int) -> None:
    try:
        import_batch_task(batch_id)
    except Exception:  # noqa: BLE001 - the thread's boundary: log and mark the batch
        logger.exception("exchange.batch_thread_failed", extra={"batch": batch_id})
        ImportBatch.objects.filter(id=batch_id).update(status=ImportBatch.Status.FAILED)
    finally:
        connection.close()
