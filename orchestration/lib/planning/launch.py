"""Launch the `purchase_order_drafts` job through Dagster's GraphQL API."""

import logging
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from dagster_graphql import DagsterGraphQLClient, DagsterGraphQLClientError

logger = logging.getLogger(__name__)

DAGSTER_URL_ENV = "MARKETOPS_DAGSTER_URL"
DEFAULT_DAGSTER_URL = "http://127.0.0.1:3000"
DRAFTS_JOB_NAME = "purchase_order_drafts_job"
LAUNCH_TIMEOUT_SECONDS = 15


@dataclass(frozen=True)
class LaunchResult:
    """A launched run's id, or why the launch failed."""

    url: str
    run_id: str | None = None
    error: str | None = None


def dagster_url() -> str:
    return os.environ.get(DAGSTER_URL_ENV, DEFAULT_DAGSTER_URL)


def launch_drafts_run(url: str, tags: dict[str, str]) -> LaunchResult:
    """Submit the drafts job to the Dagster webserver at `url`.

    A refused connection, an HTTP failure or a GraphQL error is returned as the
    result's error rather than raised, so the page can keep the decision and show a warning.
    """
    parts = urlsplit(url)
    try:
        client = DagsterGraphQLClient(
            parts.hostname or "127.0.0.1", port_number=parts.port, use_https=parts.scheme == "https",
            timeout=LAUNCH_TIMEOUT_SECONDS,
        )
        run_id = client.submit_job_execution(DRAFTS_JOB_NAME, tags=tags)
    except (DagsterGraphQLClientError, requests.RequestException, ConnectionError, OSError) as error:
        # The client wraps a refused connection in its own error with the whole query as message.
        cause = error.__cause__ or error
        reason = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
        logger.warning("launching %s at %s failed: %s", DRAFTS_JOB_NAME, url, reason)
        return LaunchResult(url, error=reason)

    logger.info("launched %s at %s: run %s", DRAFTS_JOB_NAME, url, run_id)
    return LaunchResult(url, run_id=run_id)
