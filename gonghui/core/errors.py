from django.core.exceptions import ValidationError


class ServiceError(ValidationError):
    """A rule of the work was broken; the message is Chinese and meant for the officer."""


class ConflictError(ServiceError):
    """Someone else changed the record since it was opened (optimistic locking)."""

    def __init__(self, message: str = "该记录已被他人修改，请刷新页面后在最新内容上重新修改。"):
        super().__init__(message, code="conflict")
