from ..choices import (
    AdminJudgmentType,
    BodyResult,
    CaseStatus,
    ClaimResult,
    CommitteeCategory,
    CommitteeItemStatus,
    ComplaintKind,
    Condition,
    DisplayState,
    EventKind,
    FollowStatus,
    Initiation,
    JudgmentKind,
    PostponementGround,
    StepKind,
    SuccessionKind,
)
from .agency import Agency, AgencySuccession
from .case import Case
from .committee import CommitteeConclusion, CommitteeItem, CommitteeMeeting
from .complaint import Complaint
from .event import CaseEvent
from .focus import FocusChange, FocusCount
from .import_job import ImportJob
from .login_attempt import LoginAttempt
from .people import Officer, User
from .saved_view import SavedView
from .span import CaseSpan
from .thahc import FollowedJudgment, FollowStep

__all__ = [
    "SavedView",
    "AdminJudgmentType",
    "BodyResult",
    "ClaimResult",
    "CommitteeCategory",
    "CommitteeConclusion",
    "CommitteeItem",
    "CommitteeItemStatus",
    "CommitteeMeeting",
    "FollowStatus",
    "FollowStep",
    "FollowedJudgment",
    "StepKind",
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
