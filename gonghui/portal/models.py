"""Portal models. Each part keeps its models in a module of its own (models_<part>.py) imported here."""
from .models_notices import Notice, NoticeAttachment, NoticeRead  # noqa: F401
