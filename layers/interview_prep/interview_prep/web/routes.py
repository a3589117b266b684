"""Every page's routes on one router: importing this module loads the pages and registers their routes."""

from interview_prep.web import confirm, form, invitation, manage, unsubscribe  # noqa: F401 - each registers its routes
from interview_prep.web.pages import router

__all__ = ["router"]
