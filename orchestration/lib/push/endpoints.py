"""API endpoints that outbox files are pushed to, configured only from the environment.

Each push target reads `MARKETOPS_<TARGET>_API_URL` and `MARKETOPS_<TARGET>_API_TOKEN`
(for example `MARKETOPS_WALMART_API_URL`). A target without a URL gets files only. The
token is sent as a bearer token and never appears in logs, metadata or the outbox.
"""

import os
from dataclasses import dataclass, field

# The marketplaces that receive inventory feeds, and the supplier endpoint that
# receives purchase-order drafts.
# TODO: Amazon SP-API takes feeds as an uploaded feed document plus a createFeed call,
# not one POST of the file, so a real Amazon endpoint needs a gateway or its own client.
PUSH_TARGETS = ("amazon", "shopify", "walmart", "supplier")


@dataclass(frozen=True)
class PushEndpoint:
    """One target's URL and bearer token, with the token left out of repr() so a logged endpoint hides it."""

    target: str
    url: str
    token: str = field(default="", repr=False)

    def headers(self) -> dict[str, str]:
        """Return the authorization header, or none when no token is configured."""
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def redact(self, text: str) -> str:
        """Replace the token in text (such as a response body that echoes it) with `***`."""
        return text.replace(self.token, "***") if self.token else text


def url_variable(target: str) -> str:
    return f"MARKETOPS_{target.upper()}_API_URL"


def token_variable(target: str) -> str:
    return f"MARKETOPS_{target.upper()}_API_TOKEN"


def endpoint_from_env(target: str) -> PushEndpoint | None:
    """Return the target's endpoint from the environment, or None when no URL is set."""
    url = os.environ.get(url_variable(target), "").strip()
    if not url:
        return None
    return PushEndpoint(target=target, url=url, token=os.environ.get(token_variable(target), "").strip())


def endpoints_from_env() -> dict[str, PushEndpoint]:
    """Return the configured endpoint of every push target that has one."""
    endpoints = {target: endpoint_from_env(target) for target in PUSH_TARGETS}
    return {target: endpoint for target, endpoint in endpoints.items() if endpoint is not None}
