"""Portal models. Each part keeps its models in a module of its own (models_<part>.py) imported here."""
from .models_join import Invitation, JoinApplication, PasswordResetRequest  # noqa: F401
from .models_messages import Message  # noqa: F401
from .models_notices import Notice, NoticeAttachment, NoticeRead  # noqa: F401
