"""Errors a command can end with; the web layer maps each to an HTTP status."""


class EngineError(Exception):
    status = 400

    def __init__(self, message: str, **detail):
        super().__init__(message)
        self.message = message
        self.detail = detail


class NotFound(EngineError):
    status = 404


class Forbidden(EngineError):
    status = 403


class Conflict(EngineError):
    """Someone else changed the case or the task first."""
    status = 409


class InvalidData(EngineError):
    """Form or payload data that the model refuses; `errors` maps field -> reason."""
    status = 422

    def __init__(self, message: str, errors: dict | None = None):
        super().__init__(message, errors=errors or {})
        self.errors = errors or {}


class ModelRefused(EngineError):
    """A BPMN/DMN deployment that failed validation; `problems` name elements."""
    status = 422

    def __init__(self, message: str, problems: list):
        super().__init__(message, problems=problems)
        self.problems = problems


class ModelCodeStopped(EngineError):
    """A model's expression or script was refused or stopped on its time or
    memory budget; nothing of the command was written. `element` is the BPMN
    id, `name` its label, `kind` time/memory/size/steps or refused."""
    status = 422

    def __init__(self, message: str, element: str | None, name: str | None, kind: str):
        super().__init__(message, code="model_code_stopped", element=element,
                         name=name, kind=kind)
        self.element, self.name, self.kind = element, name, kind
