from ..choices import (
    CaseStatus,
    ComplaintKind,
    Condition,
    DisplayState,
    EventKind,
    Initiation,
    JudgmentKind,
    PostponementGround,
    SuccessionKind,
)
from .agency import Agency, AgencySuccession
from .case import Case
from .complaint import Complaint
from .event import CaseEvent
from .focus import FocusChange, FocusCount
from .import_job import ImportJob
from .login_attempt import LoginAttempt
from .people import Officer, User
from .span import CaseSpan

__all__ = [
    "Agency",
    "AgencySuccession",
    "Case",
    "CaseEvent",
    "CaseSpan",
    "CaseStatus",
    "Complaint",
    "ComplaintKind",
    "Condition",
    "DisplayState",
    "EventKind",
    "FocusChange",
    "FocusCount",
    "ImportJob",
    "Initiation",
    "JudgmentKind",
    "LoginAttempt",
    "Officer",
    "PostponementGround",
    "SuccessionKind",
    "User",
]
