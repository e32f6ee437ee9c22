"""Identify the dashboard user on the server side, never from page state or the URL.

With Streamlit authentication configured, the user is the signed-in account's email.
Otherwise it is `MARKETOPS_USER` of the server process, else the operating-system user
running the server, so a local `make streamlit` acts as whoever started it.
"""

import getpass
import logging
import os

import streamlit as st

logger = logging.getLogger(__name__)

USER_ENV = "MARKETOPS_USER"


def current_user() -> str:
    """Return the user name the roles file is looked up by."""
    try:
        if st.user.is_logged_in:
            return str(st.user.email or st.user.name)
    except (AttributeError, KeyError, RuntimeError) as error:
        # No authentication provider is configured, or the runtime has no user info (tests).
        logger.debug("no signed-in Streamlit user: %s", error)

    configured = os.environ.get(USER_ENV, "").strip()
    return configured or getpass.getuser()
