"""The supervisor's workspace (网点主管): today, exceptions, reconciliation, 差评 follow-up
and 意见簿, the A/B roster, performance and the day close."""

from ui.supervisor.services import SupervisorServices, supervisor_services
from ui.supervisor.workspace import PAGES, SupervisorWorkspace

__all__ = ["PAGES", "SupervisorServices", "SupervisorWorkspace", "supervisor_services"]
