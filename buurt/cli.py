"""The `flask buurt …` commands that set up and look after a site."""
import click
from flask.cli import AppGroup

from buurt.extensions import db
from buurt.models import Membership, Role
from buurt.services import accounts, demo, neighbourhoods, setup

buurt_cli = AppGroup("buurt", help="Set up and look after a Buurt site.")


@buurt_cli.command("init")
def init():
    """Create the default neighbourhood and topics (safe to run twice)."""
    created = setup.ensure_defaults()
    db.session.commit()
    click.echo(f"Ready: {created['neighbourhoods']} neighbourhood(s) and "
               f"{created['topics']} topic(s) added.")


@buurt_cli.command("demo")
def demo_data():
    """Fill an empty site with a demo neighbourhood (does nothing when residents exist)."""
    if not demo.load():
        click.echo("The site has residents already; no demo data added.")
        return
    db.session.commit()
    click.echo(f"Demo data added. Log in as {demo.email_for('anneke')} "
               f"with password {demo.DEMO_PASSWORD}.")


user_cli = AppGroup("user", help="Manage accounts.")
buurt_cli.add_command(user_cli)


@user_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password", required=True)
@click.option("--role", type=click.Choice(Role.ALL), default=Role.RESIDENT, show_default=True)
@click.option("--neighbourhood", "slug", default=neighbourhoods.DEFAULT_SLUG, show_default=True)
def create_user(email, name, password, role, slug):
    """Create an account (for managers, ambassadors and admins above all)."""
    neighbourhood = neighbourhoods.by_slug(slug)
    if neighbourhood is None:
        raise click.UsageError(f"No neighbourhood {slug!r}. Run `buurt init` first, "
                               "or create it with `buurt neighbourhood create`.")
    try:
        user = accounts.create_user(display_name=name, email=email, password=password,
                                    neighbourhood=neighbourhood, role=role)
    except accounts.EmailTaken:
        raise click.UsageError(f"An account with e-mail {email} exists already.") from None
    if role in (Role.MANAGER, Role.AMBASSADOR):
        db.session.add(Membership(user=user, neighbourhood=neighbourhood, role=role))
    db.session.commit()
    click.echo(f"Created {role} {user.display_name} <{user.email}> in {neighbourhood.slug}.")


neighbourhood_cli = AppGroup("neighbourhood", help="Manage neighbourhoods.")
buurt_cli.add_command(neighbourhood_cli)


@neighbourhood_cli.command("create")
@click.option("--slug", required=True)
@click.option("--name", required=True)
@click.option("--postcodes", required=True, help="Comma-separated 4-digit areas, e.g. 1091,1092")
def create_neighbourhood(slug, name, postcodes):
    """Create a neighbourhood with the postcode areas it covers."""
    codes = [code.strip() for code in postcodes.split(",") if code.strip()]
    try:
        neighbourhood = neighbourhoods.create(slug=slug, name=name, postcodes=codes)
    except neighbourhoods.NeighbourhoodError as exc:
        raise click.UsageError(str(exc)) from None
    db.session.commit()
    click.echo(f"Created {neighbourhood.slug} ({', '.join(neighbourhood.postcode_list)}).")
