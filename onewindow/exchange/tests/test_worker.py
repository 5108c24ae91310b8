"""One real Celery worker on a real Redis broker imports a delivered file.

Every other test runs tasks inline; this one proves the background path works as
production runs it. It needs Redis on 127.0.0.1:6379 and a database a second
process can see (PostgreSQL, as in CI). Locally without them it skips; with
CI=true it fails instead.
"""

import io
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from onewindow.exchange.models import ImportBatch
from onewindow.exchange.services import import_batch_create
from onewindow.exchange.tasks import import_batch_task
from onewindow.exchange.tests.test_import import hrss, row

BROKER = "redis://127.0.0.1:6379/15"
QUEUE = f"onewindow-test-{uuid.uuid4().hex}"
ROOT = Path(__file__).resolve().parents[3]


def _unavailable() -> str | None:
    if connection.vendor != "postgresql":
        return "the worker needs a database another process can open (PostgreSQL)"
    try:
        import redis

        redis.Redis.from_url(BROKER, socket_connect_timeout=2).ping()
    except Exception as error:  # noqa: BLE001 - any failure means no broker
        return f"no Redis at {BROKER}: {error}"
    return None


@pytest.fixture
def worker(transactional_db):
    reason = _unavailable()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the worker test: {reason}")
        pytest.skip(reason)
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}"
    )
    env = os.environ | {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "onewindow.settings.test",
        "CELERY_BROKER_URL": BROKER,
        "ONEWINDOW_TASKS_INLINE": "0",
    }
    node = f"{QUEUE}@localhost"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "onewindow",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--hostname",
            node,
            # A queue of this run's own, so that a worker left over from an
            # interrupted run cannot take the task.
            "--queues",
            QUEUE,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    # A client of its own for the broker: the project's app runs tasks inline in
    # the tests, and its settings stay untouched.
    sender = Celery("onewindow-test-sender", broker=BROKER)
    try:
        deadline = time.monotonic() + 120
        while not sender.control.ping(destination=[node], timeout=1.0):
            assert process.poll() is None, "the worker exited before it was ready"
            assert time.monotonic() < deadline, "the worker did not start in time"
        yield process, sender
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        sender.close()


@pytest.mark.redis
def test_a_real_worker_imports_a_delivered_file(worker):
    process, sender = worker
    content = hrss(row("202301"), row("202302"), row("202303", place="火星市"))
    batch = import_batch_create(
        actor=None,
        source_code="hrss",
        file_name="worker.csv",
        stream=io.BytesIO(content.encode()),
    )

    sender.send_task(import_batch_task.name, args=[batch.id], queue=QUEUE)

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        batch.refresh_from_db()
        if batch.status in (ImportBatch.Status.DONE, ImportBatch.Status.FAILED):
            break
        assert process.poll() is None, "the worker exited"
        time.sleep(0.5)
    assert (batch.status, batch.imported, batch.rejected) == ("done", 2, 1)
