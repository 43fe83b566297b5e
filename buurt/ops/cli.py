"""The `flask buurt …` commands that set up and look after a site."""
import logging
import signal
import threading
from contextlib import contextmanager
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from buurt.core import search
from buurt.core.extensions import db
from buurt.notifications import delivery
from buurt.ops import backup, demo, lifecycle, setup
from buurt.ops.demo import people
from buurt.people import accounts, neighbourhoods, roles, two_factor
from buurt.people.models import Role, User

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
    click.echo(f"Demo data added. Log in as {people.email_for('anneke')} "
               f"with password {people.DEMO_PASSWORD}.")


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
        # The admin who makes the account vouches for the address.
        user = accounts.create_user(display_name=name, email=email, password=password,
                                    neighbourhood=neighbourhood, role=role, email_verified=True)
    except accounts.EmailTaken:
        raise click.UsageError(f"An account with e-mail {email} exists already.") from None
    if role in (Role.MANAGER, Role.AMBASSADOR):
        roles.appoint(user, neighbourhood, role)
    db.session.commit()
    click.echo(f"Created {role} {user.display_name} <{user.email}> in {neighbourhood.slug}.")


@user_cli.command("two-factor-off")
@click.option("--email", required=True)
def two_factor_off(email):
    """Turn off two-step log-in of an account whose owner lost their phone and their
    recovery codes. Check first that it is really them who asks."""
    user = db.session.scalar(db.select(User).filter_by(email=accounts.normalise_email(email)))
    if user is None:
        raise click.UsageError(f"No account with e-mail {email}.")
    was_on = two_factor.reset(user)
    db.session.commit()
    if was_on:
        click.echo(f"Two-step log-in is off for {user.display_name} <{user.email}>; their "
                   "sessions ended. They log in with their password and set it up again.")
    else:
        click.echo(f"{user.display_name} <{user.email}> had no two-step log-in.")


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


@contextmanager
def _stop_on_signals(stop: threading.Event):
    """Let SIGTERM and Ctrl-C end the loop between mails, never in the middle of one."""
    signals = (signal.SIGTERM, signal.SIGINT)
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in signals}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@buurt_cli.command("deliver")
@click.option("--loop", is_flag=True, help="Keep running: deliver mail as it becomes due.")
@click.option("--interval", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds to wait between rounds with --loop.")
@click.option("--batch-size", default=50, show_default=True, type=click.IntRange(min=1),
              help="Mails claimed and sent over one SMTP connection at a time.")
@click.option("--tick/--no-tick", default=True, show_default=True,
              help="With --loop, also do the periodic work each round; with several "
                   "deliverers, let one of them do it.")
def deliver(loop, interval, batch_size, tick):
    """Send the e-mail outbox (to the log when MAIL_SERVER is not set)."""
    # Without a mail server the log is the inbox, so let info lines through to Flask's
    # handler (installed on the "buurt" logger when app.logger is first used).
    if not current_app.logger.isEnabledFor(logging.INFO):
        current_app.logger.setLevel(logging.INFO)
    worker = delivery.worker_id()
    if not loop:
        report = delivery.deliver_all(worker=worker, batch_size=batch_size)
    else:
        stop = threading.Event()
        click.echo(f"Delivering as {worker} every {interval:g} s; stop with Ctrl-C.")
        with _stop_on_signals(stop):
            # Each round also does the periodic work, so one process runs a small site.
            report = delivery.run_loop(worker=worker, interval_seconds=interval, stop=stop,
                                       batch_size=batch_size,
                                       tick=_tick_and_commit if tick else None)
    click.echo(report.summary())


def _tick_and_commit() -> dict[str, int]:
    done = lifecycle.tick()
    db.session.commit()
    # Changes a process committed but could not index before it ended are in the queue.
    search.drain()
    return done


@buurt_cli.command("tick")
def tick():
    """Do the periodic work that is due: expiry, reminders, follow-ups, scheduled
    announcements, overdue loans, abandoned photos, data exports, digests, and removing
    conversations, notifications and sent mail older than their neighbourhood's period.

    Safe to run as often as you like (from cron, or by `deliver --loop` each round).
    """
    done = _tick_and_commit()
    click.echo(", ".join(f"{name}: {count}" for name, count in done.items()))


@buurt_cli.command("reindex")
def reindex():
    """Rebuild the search index from the database (the old one serves until it is done)."""
    count = search.reindex()
    click.echo(f"Search index rebuilt: {count} published post(s).")


@buurt_cli.command("backup")
@click.option("--to", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the archive (default: instance/backups).")
def backup_command(folder):
    """Write the database (on SQLite) and the uploads to one .tar.gz, while the site runs."""
    made = backup.create(folder or backup.default_folder())
    click.echo(f"Backup written: {made.path} ({made.manifest['residents']} resident(s), "
               f"{made.manifest['posts']} post(s), {made.manifest['uploads']} upload(s)).")
    if made.manifest["database"] != "sqlite":
        click.echo("The database is PostgreSQL: this archive holds the uploads only. Dump the "
                   f"database beside it with:\n  {backup.pg_dump_command()}")


@buurt_cli.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database and uploads without asking.")
def restore_command(archive, yes):
    """Put a backup back (stop the web and mail workers first), then rebuild the search."""
    try:
        manifest = backup.read_manifest(archive)
    except backup.BackupError as exc:
        raise click.UsageError(str(exc)) from None
    if not yes:
        click.confirm(f"Replace this site's data with the backup of {manifest['created_at']}?",
                      abort=True)
    try:
        backup.restore(archive)
    except backup.BackupError as exc:
        raise click.UsageError(str(exc)) from None
    count = search.reindex()
    click.echo(f"Restored the backup of {manifest['created_at']}; search rebuilt ({count} "
               "post(s)).")
    if manifest["database"] != "sqlite":
        click.echo(f"Restore the PostgreSQL database from its dump with:\n  "
                   f"{backup.pg_restore_command()}")
