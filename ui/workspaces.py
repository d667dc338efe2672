"""Each role's workspace, put together from the panels the services feed.

Guide: ticket desk + catalogue. Clerk: call panel and today's cases beside the case flow,
which hosts identification and the catalogue as its steps.
Courier and supervisor get their tools in the cases and day-close issues; until then they
see the outlet's data on the workspace home.
"""

from __future__ import annotations

from collections.abc import Callable

from counter.bureau.models import Role
from counter.session import ActiveSession
from ui.asyncop import AsyncRunner
from ui.cases import CaseFlow, TodaysCases
from ui.catalogue.panel import CataloguePanel
from ui.clerk.call_panel import CallPanel
from ui.composition import Services
from ui.guide.desk import GuideDesk
from ui.identify.panel import IdentifyPanel
from ui.qt import QLabel, QSplitter, Qt, QVBoxLayout, QWidget
from ui.signals import EventSignal
from ui.workspace_home import WorkspaceHome


class Workspace(QWidget):
    """What the main window hosts; `close_workspace()` runs before it is dropped."""

    def __init__(self, session: ActiveSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Page")
        self.session = session
        self.catalogue_panel: CataloguePanel | None = None
        self.home: WorkspaceHome | None = None
        self.desk: GuideDesk | None = None
        self.call_panel: CallPanel | None = None
        self.identify_panel: IdentifyPanel | None = None
        self.case_flow: CaseFlow | None = None
        self.todays_cases: TodaysCases | None = None

    def close_workspace(self) -> None:
        if self.catalogue_panel is not None:
            self.catalogue_panel.close_panel()


def _catalogue(services: Services, session: ActiveSession, runner: AsyncRunner) -> CataloguePanel:
    return CataloguePanel(
        services.catalogue,
        services.printer,
        runner,
        session.outlet.name,
        services.training,
        window=session.window,
        staff_no=session.staff.staff_no,
        role=session.workspace_role.value,
    )


def _clerk(
    workspace: Workspace,
    session: ActiveSession,
    services: Services,
    runner: AsyncRunner,
    current_session: Callable[[], ActiveSession | None],
) -> None:
    """Call panel and today's cases on the left, the case flow (identify → 办结) on the right."""
    panel = CallPanel(services.queue, current_session, session.window, runner)
    catalogue = _catalogue(services, session, runner)
    identify = IdentifyPanel(services.identify, session, runner)
    # The flow hosts the identify panel and the catalogue as its steps 2 and 3; the
    # call panel and today's cases stay in view beside it.
    flow = CaseFlow(services, runner, window=session.window, identify=identify, catalogue=catalogue)
    panel.current_changed.connect(flow.set_ticket)
    identify.identified.connect(flow.set_identification)
    catalogue.search.item_opened.connect(flow.choose_item)
    today = TodaysCases(services.cases, services.outbox, runner)
    flow.case_submitted.connect(lambda _case_id: today.schedule_refresh())
    left = QSplitter(Qt.Orientation.Vertical)
    left.addWidget(panel)
    left.addWidget(today)
    left.setStretchFactor(0, 0)  # the call panel keeps its natural height
    left.setStretchFactor(1, 1)
    left.setChildrenCollapsible(False)
    split = QSplitter(Qt.Orientation.Horizontal)
    split.addWidget(left)
    split.addWidget(flow)
    split.setStretchFactor(0, 2)
    split.setStretchFactor(1, 5)
    split.setChildrenCollapsible(False)
    layout = workspace.layout()
    assert layout is not None
    # Both columns must fit a 1366 px counter screen with a ticket and the identify step up.
    layout.setContentsMargins(8, 8, 8, 8)
    panel.setStyleSheet("#TicketNumber { font-size: 56px; }")
    layout.addWidget(split)
    workspace.catalogue_panel = catalogue
    workspace.call_panel = panel
    workspace.identify_panel = identify
    workspace.case_flow = flow
    workspace.todays_cases = today


def build_workspace(
    session: ActiveSession,
    services: Services,
    runner: AsyncRunner,
    *,
    current_session: Callable[[], ActiveSession | None],
    test_speak: Callable[[], None] | None = None,
) -> Workspace:
    workspace = Workspace(session)
    layout = QVBoxLayout(workspace)
    layout.setContentsMargins(12, 10, 12, 10)
    role = session.workspace_role
    if role is Role.GUIDE:
        desk = GuideDesk(services.queue, current_session, runner, test_speak=test_speak)
        catalogue = _catalogue(services, session, runner)
        catalogue.search.item_opened.connect(desk.set_item)

        def frequent_items(_catalogue: object = None) -> None:
            desk.set_catalogue(services.catalogue.usable_items(), services.catalogue.usage)

        follow = EventSignal(services.catalogue.changed, desk)
        follow.fired.connect(frequent_items)
        if services.catalogue.current is not None:
            frequent_items()
        # Side by side on a 16:9 counter screen: the desk's waiting list keeps its height.
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(desk)
        split.addWidget(catalogue)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout.addWidget(split)
        workspace.catalogue_panel = catalogue
        workspace.desk = desk
    elif role is Role.CLERK:
        _clerk(workspace, session, services, runner, current_session)
    elif role is Role.COURIER:
        from ui.courier import CourierWorkspace  # the integrator may hoist this import

        courier = CourierWorkspace(
            services.transport,
            services.printer,
            runner,
            session,
            audit=services.audit,
            training=services.training,
        )
        layout.addWidget(courier)
        workspace.courier = courier
    elif role is Role.SUPERVISOR:
        from ui.supervisor import SupervisorWorkspace, supervisor_services  # may be hoisted

        training_page = None
        if services.training:
            from ui.supervisor.training import TrainingPage

            training_page = TrainingPage(services, session, runner)
        supervisor = SupervisorWorkspace(
            supervisor_services(services), session, runner, training_page=training_page
        )
        layout.addWidget(supervisor)
        workspace.supervisor = supervisor
    else:
        home = WorkspaceHome(session)
        layout.addWidget(home)
        workspace.home = home
        note = QLabel(workspace.tr("本岗位的专用功能将在后续版本提供。"), objectName="Hint")
        layout.addWidget(note)
    return workspace
