"""The zip a resident downloads: data.json (everything, structured), a CSV per table,
index.html (a plain overview in their language, with nothing loaded from elsewhere) and
the photos and videos they sent, under files/."""
import csv
import io
import json
import zipfile
from datetime import date, datetime, timezone

from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l

from buurt.core import clock, storage
from buurt.export.collect import Collected
from buurt.web.spreadsheets import csv_cell

FORMAT_VERSION = 1

# The column headings of the CSV files and the overview, in the resident's language; a
# field without one is shown by its name in data.json.
FIELD_LABELS = {
    "id": _l("Number"),
    "display_name": _l("Name"),
    "email": _l("E-mail address"),
    "username": _l("Username"),
    "role": _l("Role"),
    "neighbourhood": _l("Neighbourhood"),
    "street": _l("Street"),
    "language": _l("Language"),
    "in_directory": _l("In the people directory"),
    "about": _l("About you"),
    "email_frequency": _l("E-mail from us"),
    "created_at": _l("Made on"),
    "privacy_version": _l("Privacy statement you accepted"),
    "privacy_accepted_at": _l("Accepted on"),
    "onboarded_by": _l("Signed up by"),
    "suspended_until": _l("Blocked until"),
    "suspension_reason": _l("Reason for the block"),
    "last_digest_at": _l("Last e-mail with a summary"),
    "photo": _l("Photo"),
    "direction": _l("Help you seek or offer"),
    "topic": _l("Topic"),
    "topic_name": _l("Topic name"),
    "kind": _l("Kind"),
    "content_type": _l("File type"),
    "size_bytes": _l("Size in bytes"),
    "width": _l("Width"),
    "height": _l("Height"),
    "duration_ms": _l("Length in milliseconds"),
    "file": _l("File"),
    "title": _l("Title"),
    "body": _l("Text"),
    "state": _l("State"),
    "updated_at": _l("Changed on"),
    "closed_at": _l("Closed on"),
    "closed_reason": _l("Why it closed"),
    "hidden_reason": _l("Why it is hidden"),
    "screening_label": _l("Outcome of the automatic check"),
    "active_since": _l("Online since"),
    "share_marked_at": _l("Chosen to share on"),
    "need": _l("Help or care"),
    "urgency": _l("How soon"),
    "needed_by": _l("Needed by"),
    "for_whom": _l("For whom"),
    "starts_at": _l("Starts"),
    "ends_at": _l("Ends"),
    "place_id": _l("Meeting place number"),
    "address": _l("Address"),
    "capacity": _l("Places"),
    "rsvp_count": _l("Number coming"),
    "initiative_id": _l("Initiative number"),
    "upload_id": _l("Photo or video number"),
    "condition": _l("Condition"),
    "deposit": _l("Deposit in euros"),
    "pickup_times": _l("Pick-up times"),
    "estimated_cost": _l("Estimated cost in euros"),
    "status": _l("Status"),
    "status_note": _l("Explanation of the status"),
    "status_changed_at": _l("Status set on"),
    "support_count": _l("Support"),
    "proposed_at": _l("Proposed for a round on"),
    "publish_at": _l("Online from"),
    "pinned_until": _l("On top until"),
    "owed_to": _l("Whom you owe it to"),
    "advice": _l("Your advice"),
    "featured_at": _l("On the front page since"),
    "thank_you_id": _l("Thank-you note number"),
    "link": _l("Link"),
    "post_id": _l("Post number"),
    "post_title": _l("Post"),
    "post_kind": _l("Kind of post"),
    "ambassador": _l("Ambassador"),
    "consent_at": _l("Consent given on"),
    "decided_at": _l("Decided on"),
    "done_at": _l("Done on"),
    "with_whom": _l("With"),
    "last_message_at": _l("Last message"),
    "conversation_id": _l("Conversation number"),
    "removed_at": _l("Removed on"),
    "response_id": _l("Reaction number"),
    "share_publicly": _l("Shared publicly"),
    "worked_out": _l("It worked out"),
    "request_id": _l("Request number"),
    "request_title": _l("Request"),
    "task": _l("Task"),
    "occurrence": _l("Date"),
    "cancelled_at": _l("Cancelled on"),
    "item_id": _l("Thing number"),
    "item_title": _l("Thing"),
    "owner": _l("Owner"),
    "borrower": _l("Borrower"),
    "starts_on": _l("From"),
    "ends_on": _l("Until"),
    "message": _l("Your message"),
    "answer": _l("Your answer"),
    "returned_on": _l("Brought back on"),
    "idea_id": _l("Idea number"),
    "idea_title": _l("Idea"),
    "event_id": _l("Event number"),
    "event_title": _l("Event"),
    "round_id": _l("Round number"),
    "question": _l("Question"),
    "voted_at": _l("Voted on"),
    "changed_at": _l("Vote changed on"),
    "name": _l("Name"),
    "decision_note": _l("Explanation of the decision"),
    "since": _l("Since"),
    "target_type": _l("What"),
    "target_id": _l("Its number"),
    "reason": _l("Reason"),
    "note": _l("Note"),
    "resolved_at": _l("Handled on"),
    "source": _l("Why it came to a manager"),
    "decision": _l("Decision"),
    "opened_at": _l("Opened on"),
    "text": _l("Text"),
    "read_at": _l("Read on"),
    "emailed_at": _l("E-mailed on"),
    "to_address": _l("To"),
    "subject": _l("Subject"),
    "sent_at": _l("Sent on"),
    "expires_at": _l("Works until"),
    "used_at": _l("Used on"),
    "event": _l("Event"),
    "assisted": _l("With help from an ambassador"),
    "visits": _l("Visits"),
    "last_visit_at": _l("Last visit"),
    "day": _l("Day"),
    "place": _l("Place"),
    "neighbours_signed_up": _l("Neighbours signed up"),
    "opens_at": _l("Opens"),
    "closes_at": _l("Closes"),
    "posts_placed_for_neighbours": _l("Posts you placed for neighbours"),
    "login_cards_made": _l("Login cards you made"),
    "accounts_deleted_for_neighbours": _l("Accounts you deleted at a neighbour's wish"),
    "moderation_steps": _l("Moderation steps you took"),
    "initiatives_decided": _l("Initiatives you decided on"),
    "words_added": _l("Words you added to the word lists"),
}


def label(key: str) -> str:
    return str(FIELD_LABELS[key]) if key in FIELD_LABELS else key


def json_value(value):
    """A value as data.json stores it: moments in UTC (ISO 8601 with Z), days as ISO."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc, microsecond=0).isoformat().replace(
            "+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def readable(value) -> str:
    """A value as the CSV files and the overview show it: Dutch time, yes or no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return clock.to_local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def data_of(collected: Collected) -> dict:
    """Everything, as data.json holds it."""
    def rows(items):
        return [{key: json_value(value) for key, value in row.items()} for row in items]
    return {
        "export": {"format": FORMAT_VERSION, "made_at": json_value(collected.made_at),
                   "user_id": collected.user_id,
                   "site": current_app.config["BASE_URL"]},
        "profile": {key: json_value(value) for key, value in collected.profile.items()},
        "work": dict(collected.work),
        **{table.key: rows(table.rows) for table in collected.tables},
    }


def _csv(header: list[str], lines) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_cell(h) for h in header])
    for line in lines:
        writer.writerow([value if isinstance(value, int) and not isinstance(value, bool)
                         else csv_cell(readable(value)) for value in line])
    # A byte order mark, so spreadsheets read the accents right.
    return "\ufeff" + out.getvalue()


def pairs_csv(values: dict) -> str:
    return _csv([_("Field"), _("Value")], ([label(k), v] for k, v in values.items()))


def table_csv(rows: list[dict]) -> str:
    keys = list(rows[0])
    return _csv([label(k) for k in keys], ([row.get(k) for k in keys] for row in rows))


def overview(collected: Collected) -> str:
    """index.html: everything in tables, readable in a browser without a connection."""
    template = current_app.jinja_env.get_template("export/archive.html")
    return template.render(collected=collected, label=label, readable=readable,
                           csv_name=csv_name, made_at=readable(collected.made_at))


def csv_name(key: str) -> str:
    return f"{key}.csv"


def build(collected: Collected) -> bytes:
    """The zip's bytes (call it in the resident's language)."""
    uploads = storage.get()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data_of(collected), ensure_ascii=False,
                                                 indent=2))
        archive.writestr("index.html", overview(collected))
        archive.writestr(csv_name("profile"), pairs_csv(collected.profile))
        archive.writestr(csv_name("work"), pairs_csv(collected.work))
        for table in collected.tables:
            if table.rows:
                archive.writestr(csv_name(table.key), table_csv(table.rows))
        for path, name in collected.files:
            try:
                with uploads.open(name) as source:
                    data = source.read()
            except FileNotFoundError:   # gone from the disk: the table still lists it
                continue
            # Photos and videos are compressed already.
            archive.writestr(path, data, compress_type=zipfile.ZIP_STORED)
    return out.getvalue()
