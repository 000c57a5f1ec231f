"""``smreg user``: who may sign in to the web interface (``smreg serve``), and with which role."""


import typer

from cli.commands import help_of
from cli.common import STATE, format_option, open_store, parse_day
from cli.lang import H
from registry import i18n

app = typer.Typer(help=help_of("user"), no_args_is_help=True)

ROLE_HELP = H("it (accounts, observed accounts, imports), hr (people, offboarding, handovers), auditor (reads, makes reports) or admin (all, and users).",
              "it (accounts, gevonden accounts, imports), hr (personen, vertrek, overdrachten), auditor (leest, maakt rapporten) of admin (alles, en gebruikers).")
NAME_HELP = H("The user name (for single sign-on: the name the proxy passes on).",
              "De gebruikersnaam (bij single sign-on: de naam die de proxy doorgeeft).")

i18n.register(
    {
        "user.password_prompt": ("Password", "Wachtwoord"),
        "user.added": ("User {name} added with role {role}.", "Gebruiker {name} toegevoegd met rol {role}."),
        "user.removed": ("User {name} removed; their sessions are closed.", "Gebruiker {name} verwijderd; de sessies zijn gesloten."),
        "user.password_changed": ("Password of {name} changed; their sessions are closed.",
                                  "Wachtwoord van {name} gewijzigd; de sessies zijn gesloten."),
        "user.role_changed": ("{name} now has role {role}.", "{name} heeft nu rol {role}."),
        "col.role": ("role", "rol"),
        "col.password": ("password", "wachtwoord"),
    }
)


def _password() -> str:
    return typer.prompt(i18n.t("user.password_prompt"), hide_input=True, confirmation_prompt=True)


@app.command("add", help=H("Add a user; asks for the password (at least 12 characters).",
                           "Voeg een gebruiker toe; vraagt om het wachtwoord (minstens 12 tekens)."))
def add(
    name: str = typer.Argument(..., metavar="NAME", help=NAME_HELP),
    role: str = typer.Option(..., "--role", help=ROLE_HELP),
    sso_only: bool = typer.Option(False, "--sso-only", help=H("No password: the user signs in only through the authenticating proxy.",
                                                              "Geen wachtwoord: de gebruiker meldt zich alleen aan via de authenticerende proxy.")),
) -> None:
    from registry.services import users

    users.check_name(name), users.check_role(role)
    store = open_store()
    password = None if sso_only else _password()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        user = users.add_user(uow, name=name, role=role, password=password, today=parse_day(None))
        uow.commit()
    typer.echo(i18n.t("user.added", name=user.name, role=user.role))


@app.command("passwd", help=H("Set a new password for a user; asks for it.", "Stel een nieuw wachtwoord in voor een gebruiker; vraagt erom."))
def passwd(name: str = typer.Argument(..., metavar="NAME", help=NAME_HELP)) -> None:
    from registry.services import users

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name(), write=False) as uow:
        users.listing(uow)  # fail on a missing store before asking for a password
    password = _password()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        user = users.set_password(uow, name=name, password=password)
        uow.commit()
    typer.echo(i18n.t("user.password_changed", name=user.name))


@app.command("role", help=H("Give a user another role.", "Geef een gebruiker een andere rol."))
def role(name: str = typer.Argument(..., metavar="NAME", help=NAME_HELP),
         new_role: str = typer.Argument(..., metavar="ROLE", help=ROLE_HELP)) -> None:
    from registry.services import users

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        user = users.set_role(uow, name=name, role=new_role)
        uow.commit()
    typer.echo(i18n.t("user.role_changed", name=user.name, role=user.role))


@app.command("remove", help=H("Remove a user and close their sessions.", "Verwijder een gebruiker en sluit de sessies."))
def remove(name: str = typer.Argument(..., metavar="NAME", help=NAME_HELP)) -> None:
    from registry.services import users

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name()) as uow:
        users.remove_user(uow, name=name)
        uow.commit()
    typer.echo(i18n.t("user.removed", name=name.strip()))


@app.command("list", help=H("List the users and their roles.", "Toon de gebruikers en hun rol."))
def list_(fmt=format_option()) -> None:
    from cli.output import emit_list
    from registry.services import users

    store = open_store()
    with store.unit_of_work(actor=STATE.actor_name(), write=False) as uow:
        rows = users.listing(uow)
    emit_list(rows, fmt, ["name", "role", "password", "created_on"])
