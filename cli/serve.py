"""``smreg serve``: the web interface over the same store, for HR, IT and auditors."""


import typer

from cli.commands import help_of
from cli.common import STATE, open_store
from cli.lang import H
from registry import i18n

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")

i18n.register(
    {
        "serve.listening": (
            "smreg serves {where} on http://{host}:{port}/; stop with Ctrl+C.",
            "smreg biedt {where} aan op http://{host}:{port}/; stoppen met Ctrl+C.",
        ),
        "serve.workers": ("{workers} worker processes answer requests.", "{workers} werkprocessen beantwoorden verzoeken."),
        "serve.public": (
            "{host} is reachable from other machines. Put a reverse proxy with TLS in front and follow docs/deployment.md.",
            "{host} is bereikbaar vanaf andere computers. Zet er een reverse proxy met TLS voor en volg docs/deployment.md.",
        ),
        "serve.port_in_use": (
            "Port {port} is already in use. Choose another with --port.",
            "Poort {port} is al in gebruik. Kies een andere poort met --port.",
        ),
        "serve.no_users": (
            "Nobody can sign in yet: add a user with `smreg user add NAME --role admin`.",
            "Nog niemand kan zich aanmelden: voeg een gebruiker toe met `smreg user add NAAM --role admin`.",
        ),
    }
)


def register(app: typer.Typer) -> None:
    app.command("serve", help=help_of("serve"))(serve)


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help=H("Address to listen on (default only this machine).",
                                                          "Adres om op te luisteren (standaard alleen deze computer).")),
    port: int = typer.Option(8765, "--port", help=H("Port to listen on.", "Poort om op te luisteren.")),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help=H("Worker processes (several for a shared PostgreSQL store).",
                                                                     "Werkprocessen (meerdere voor een gedeelde PostgreSQL-registratie).")),
    trust_proxy_header: str = typer.Option(None, "--trust-proxy-header", help=H(
        "Take the signed-in user from this header of an authenticating reverse proxy (e.g. X-Forwarded-User); only behind such a proxy.",
        "Neem de aangemelde gebruiker uit deze header van een authenticerende reverse proxy (bijv. X-Forwarded-User); alleen achter zo'n proxy.")),
    upload_mb: int = typer.Option(20, "--upload-mb", min=1, max=1024, help=H("Largest file an import may upload, in MB.",
                                                                           "Grootste bestand dat een import mag uploaden, in MB.")),
    insecure_cookies: bool = typer.Option(False, "--insecure-cookies", help=H(
        "Send the session cookie over plain HTTP too (only for a test on this machine without TLS).",
        "Stuur het sessiecookie ook over gewoon HTTP (alleen om te testen op deze computer zonder TLS).")),
) -> None:
    import os
    import tempfile

    from cli.output import notice
    from registry.services import users

    store = open_store()
    _require_free(host, port)
    with store.unit_of_work(actor=STATE.actor_name(), write=False) as uow:
        if not users.listing(uow):
            notice(i18n.t("serve.no_users"))
    if host not in LOCAL_HOSTS:
        notice(i18n.t("cli.warning", message=i18n.t("serve.public", host=host)))
    private = tempfile.mkdtemp(prefix="smreg-web-")  # mode 0700: uploads and reports stay here
    os.environ.update({
        "SMREG_DATABASE_URL": store.url,
        "SMREG_WEB_TMP": private,
        "SMREG_WEB_UPLOAD_MB": str(upload_mb),
        "SMREG_WEB_INSECURE_COOKIES": "1" if insecure_cookies else "0",
        "SMREG_WEB_TRUST_HEADER": trust_proxy_header or "",
        "SMREG_WEB_LANG": i18n.get_language(),  # for a browser that asks for neither Dutch nor English
    })
    import uvicorn

    notice(i18n.t("serve.listening", where=store.where, host=host, port=port))
    if workers > 1:
        notice(i18n.t("serve.workers", workers=workers))
    try:
        uvicorn.run("cli.web.app:create_app", factory=True, host=host, port=port, workers=workers,
                    log_level="warning", access_log=False, server_header=False,
                    # The client address (sign-in slow-down, the log) from a proxy on this host only.
                    proxy_headers=True, forwarded_allow_ips="127.0.0.1",
                    # A worker busy with a large report on a loaded host is slow, not hung.
                    timeout_worker_healthcheck=30)
    finally:
        import shutil

        shutil.rmtree(private, ignore_errors=True)


def _require_free(host: str, port: int) -> None:
    """Refuse a port another program listens on before saying anything is served (the server
    would only find out after the announcement, in a line of its own in English)."""
    import errno
    import socket

    from registry.errors import RegistryError

    try:
        family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (OSError, UnicodeError):
        return  # an address that does not resolve: the server says so itself
    with socket.socket(family, kind, proto) as probe:
        # As the server binds: a port whose last connections are still closing counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise RegistryError("serve.port_in_use", port=port) from None
