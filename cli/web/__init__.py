"""The web interface of ``smreg serve``: the same services as the command line, as pages.

Imported only when ``smreg serve`` runs (Starlette, Jinja2, uvicorn), so the command line starts
as fast as before. Pages hold no SQL and no rules: every one calls registry and audit services.
"""
