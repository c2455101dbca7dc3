"""Django finds the app's models here; each feature keeps its own in its folder."""

from .assessments.models import (  # noqa: F401
    Assessment,
    AssessmentGroupObjectPermission,
    AssessmentLine,
    AssessmentUserObjectPermission,
    OfficerComment,
    OfficerCommentAccess,
    OfficerCommentGroupObjectPermission,
    OfficerCommentUserObjectPermission,
    RatingLevel,
)
from .calendar.models import CalendarEntry, CalendarFeedToken  # noqa: F401
from .exchanges.models import (  # noqa: F401
    ExchangeAcknowledgement,
    ExchangeAttachment,
    ExchangeEntry,
    ExchangeEvent,
    ExchangeReport,
    ExchangeReportGroupObjectPermission,
    ExchangeReportUserObjectPermission,
    ExchangeRound,
    ExchangeSchedule,
)
from .incidents.models import (  # noqa: F401
    ActionItem,
    Incident,
    IncidentAddressee,
    IncidentAttachment,
    IncidentEvent,
    IncidentGroupObjectPermission,
    IncidentUpdate,
    IncidentUserObjectPermission,
)
from .notifications.models import Notification, OutboundEmail  # noqa: F401
from .organizations.models import (  # noqa: F401
    Membership,
    Organization,
    OrganizationGroupObjectPermission,
    OrganizationUserObjectPermission,
    Term,
)
from .reminders.models import (  # noqa: F401
    Reminder,
    ReminderPreference,
    ReminderStage,
)
from .requests.models import (  # noqa: F401
    AttachmentAccessLog,
    CoordinationRequest,
    CoordinationRequestGroupObjectPermission,
    CoordinationRequestUserObjectPermission,
    Direction,
    RequestAnswer,
    RequestAttachment,
    RequestEvent,
    RequestRecipient,
    WorkingMeeting,
)
from .reviews.models import (  # noqa: F401
    ReviewActionItem,
    ReviewInvitation,
    ReviewMeeting,
)
from .workdays import DayOffOverride  # noqa: F401
