"""Events: coming and past lists, one event, new and edit, RSVP, cancelling, calendars."""
from urllib.parse import urlsplit

from flask import Response, abort, current_app, flash, redirect, render_template, request, \
    url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required

from buurt.core import clock
from buurt.core.extensions import db
from buurt.info import events, initiatives, places
from buurt.info.forms import EventForm
from buurt.info.models import Event
from buurt.info.routes import act, bp, cursors, filter_args, page_size
from buurt.moderation import cases, services as moderation
from buurt.people import access as permissions, neighbourhoods, topics
from buurt.posts.flagging import flag_from_form
from buurt.posts.views import post_or_404, warning_before_posting
from buurt.web import upload_forms
from buurt.web.filters import chosen_neighbourhood
from buurt.web.forms import FlagForm, choices, put_on_form, topic_choices


def _feed_neighbourhood(neighbourhood, all_neighbourhoods):
    """Whose calendar the list offers: the one shown, or the only one there is."""
    if neighbourhood is not None:
        return neighbourhood
    return all_neighbourhoods[0] if len(all_neighbourhoods) == 1 else None


def _list(which: str):
    neighbourhood, all_neighbourhoods = chosen_neighbourhood()
    read = events.upcoming if which == "upcoming" else events.past
    page = read(neighbourhood_id=neighbourhood.id if neighbourhood else None,
                size=page_size(), **cursors())
    return render_template("info/events.html", which=which, page=page,
                           neighbourhood=neighbourhood, neighbourhoods=all_neighbourhoods,
                           feed_neighbourhood=_feed_neighbourhood(neighbourhood,
                                                                  all_neighbourhoods),
                           coming=events.coming(current_user, page.items),
                           args=filter_args(neighbourhood))


@bp.route("/events")
def event_list():
    return _list("upcoming")


@bp.route("/events/past")
def event_past():
    return _list("past")


@bp.route("/events/<int:post_id>")
def event_detail(post_id):
    event = post_or_404(events.get, post_id)
    is_author = current_user.is_authenticated and current_user.id == event.author_id
    case = (cases.open_case_for("post", event.id)
            if is_author and not event.is_published and not event.is_closed else None)
    now = clock.now()
    return render_template(
        "info/event.html", event=event, is_author=is_author, case=case,
        explanation=moderation.explain(cases.reasons_of(case)) if case else None,
        show_names=permissions.can_see_names(current_user),
        can_edit=permissions.can_edit(current_user, event),
        is_coming=bool(events.coming(current_user, [event])),
        has_ended=event.has_ended(now), can_rsvp=event.rsvp_refused(now) is None,
        flag_form=FlagForm())


# --- new and edit ------------------------------------------------------------------------

def _event_form(neighbourhood_id, organiser_choices, **kwargs) -> EventForm:
    form = EventForm(**kwargs)
    form.topic.choices = topic_choices(topics.all_topics(), str(get_locale()),
                                       placeholder=_("No topic"))
    form.place.choices = choices(
        [("", _("Not at one of these places"))]
        + [(str(p.id), p.name) for p in places.choices_for(neighbourhood_id)])
    form.organiser.choices = choices(
        [("", _("Me (%(name)s)", name=current_user.display_name))]
        + [(str(i.id), i.name) for i in organiser_choices])
    if len(form.place.choices) == 1:
        # No meeting places yet: the address is the only way to say where.
        form.address.label.text = _("Address")
        form.address.description = _("For example: Dorpsstraat 12, in the garden.")
    form.photo.description = upload_forms.file_hint(with_video=False)
    return form


def _fill(form, event) -> None:
    """Put the event's own values in the fields that do not map one to one."""
    start, end = clock.to_local(event.starts_at), clock.to_local(event.ends_at)
    form.topic.data = event.topic.slug if event.topic else ""
    form.start_date.data, form.start_time.data = start.date(), start.time()
    form.end_time.data = end.time()
    form.end_date.data = end.date() if end.date() != start.date() else None
    form.place.data = str(event.place_id) if event.place_id else ""
    form.organiser.data = str(event.initiative_id) if event.initiative_id else ""


def _details(form, organiser_choices) -> dict:
    """What the form says, as the events service takes it (times in UTC)."""
    start_day = form.start_date.data
    end_day = form.end_date.data or start_day
    chosen = next((i for i in organiser_choices if str(i.id) == form.organiser.data), None)
    return dict(title=form.title.data, body=form.body.data,
                topic=topics.by_slug(form.topic.data),
                starts_at=clock.from_local(start_day, form.start_time.data),
                ends_at=clock.from_local(end_day, form.end_time.data),
                place_id=form.place.data or None, address=form.address.data,
                capacity=form.capacity.data, initiative=chosen)


def _draft(form, starts_at) -> Event:
    """The typed post as the screening reads it (warning_before_posting)."""
    return Event(title=form.title.data, body=form.body.data, starts_at=starts_at)


def _put_on_form(form, error: events.EventError) -> None:
    # No places to choose from: the address is what is missing.
    put_on_form(form, error,
                renamed={"place": "address"} if len(form.place.choices) == 1 else None)


def _render_form(form, event, warning, organiser_choices, upload=None):
    return render_template("info/event_form.html", form=form, event=event, warning=warning,
                           choose_organiser=bool(organiser_choices),
                           has_places=len(form.place.choices) > 1, upload=upload,
                           remove_photo=bool(request.form.get("remove_photo")))


@bp.route("/events/new", methods=["GET", "POST"])
@login_required
def event_new():
    runs = initiatives.run_by(current_user)
    form = _event_form(current_user.neighbourhood_id, runs)
    warning, upload = None, None
    if request.method == "GET" and request.args.get("place"):
        form.place.data = request.args["place"]
    if request.method == "POST":
        valid = form.validate_on_submit()   # first: validating resets the fields' errors
        upload, refused = upload_forms.form_photo(form, None, current_user, editing=False)
    if request.method == "POST" and valid and not refused:
        details = _details(form, runs)
        try:
            events.validate(current_user, **details)
            warning = warning_before_posting(_draft(form, details["starts_at"]))
            if warning is None:
                event = events.create_event(current_user, upload=upload, **details)
                db.session.commit()
                flash(_("Thank you! A community manager looks at it first. You can see why "
                        "on this page.") if event.is_pending
                      else _("Thank you! Your event is online."), "success")
                return redirect(url_for("info.event_detail", post_id=event.id))
        except events.EventError as error:
            db.session.rollback()
            _put_on_form(form, error)
    return _render_form(form, None, warning, runs, upload)


@upload_forms.when_too_large("info.event_new")
def _new_too_large(message):
    if not current_user.is_authenticated:
        return None
    runs = initiatives.run_by(current_user)
    form = _event_form(current_user.neighbourhood_id, runs, formdata=None)
    form.photo.errors = [message]
    return render_template("info/event_form.html", form=form, event=None, warning=None,
                           choose_organiser=bool(runs), has_places=len(form.place.choices) > 1,
                           upload=None)


@bp.route("/events/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def event_edit(post_id):
    event = post_or_404(events.get, post_id, allowed=permissions.can_edit)
    runs = initiatives.run_by(current_user)
    if event.initiative is not None and all(i.id != event.initiative_id for i in runs):
        runs = [event.initiative] + runs   # the organiser it has stays a choice
    form = _event_form(event.neighbourhood_id, runs, obj=event)
    if request.method == "GET":
        _fill(form, event)
    warning, upload = None, event.upload
    if request.method == "POST":
        valid = form.validate_on_submit()   # first: validating resets the fields' errors
        upload, refused = upload_forms.form_photo(
            form, event.upload, current_user, editing=True)
    if request.method == "POST" and valid and not refused:
        details = _details(form, runs)
        try:
            events.validate(current_user, event=event, **details)
            warning = warning_before_posting(_draft(form, details["starts_at"]))
            if warning is None:
                events.update_event(event, upload=upload, **details)
                db.session.commit()
                flash(_("Your changes are saved.") if event.is_published else
                      _("Your changes are saved. A community manager looks at it first."),
                      "success")
                return redirect(url_for("info.event_detail", post_id=event.id))
        except events.EventError as error:
            db.session.rollback()
            _put_on_form(form, error)
    return _render_form(form, event, warning, runs, upload)


@upload_forms.when_too_large("info.event_edit")
def _edit_too_large(message):
    event = events.get(request.view_args.get("post_id", 0))
    if event is None or not permissions.can_edit(current_user, event):
        return None
    runs = initiatives.run_by(current_user)
    if event.initiative is not None and all(i.id != event.initiative_id for i in runs):
        runs = [event.initiative] + runs
    form = _event_form(event.neighbourhood_id, runs, formdata=None, obj=event)
    _fill(form, event)
    form.photo.errors = [message]
    return render_template("info/event_form.html", form=form, event=event, warning=None,
                           choose_organiser=bool(runs), has_places=len(form.place.choices) > 1,
                           upload=event.upload)


# --- who comes, cancelling, reporting ----------------------------------------------------

@bp.route("/events/<int:post_id>/rsvp", methods=["POST"])
@login_required
def event_rsvp(post_id):
    event = post_or_404(events.get, post_id)
    act(lambda: events.rsvp(event, current_user), events.EventError,
        _("Nice that you come! You are on the list."))
    return redirect(url_for("info.event_detail", post_id=post_id))


@bp.route("/events/<int:post_id>/rsvp/cancel", methods=["POST"])
@login_required
def event_rsvp_cancel(post_id):
    event = post_or_404(events.get, post_id)
    act(lambda: events.cancel_rsvp(event, current_user), events.EventError,
        _("You are off the list. Your place is free for someone else."))
    return redirect(url_for("info.event_detail", post_id=post_id))


@bp.route("/events/<int:post_id>/cancel", methods=["POST"])
@login_required
def event_cancel(post_id):
    event = post_or_404(events.get, post_id, allowed=permissions.can_withdraw)
    act(lambda: events.cancel_event(event), events.EventError,
        _("The event is cancelled. We told the neighbours who said they would come."))
    return redirect(url_for("info.event_detail", post_id=post_id))


@bp.route("/events/<int:post_id>/flag", methods=["POST"])
@login_required
def event_flag(post_id):
    event = post_or_404(events.get, post_id)
    return flag_from_form(event, back=url_for("info.event_detail", post_id=post_id),
                          gone=url_for("info.event_list"))


# --- calendars ---------------------------------------------------------------------------

def _host() -> str:
    """The host in every UID: from BASE_URL, so UIDs stay the same whatever the request."""
    return urlsplit(current_app.config["BASE_URL"]).hostname or request.host


def _link(event) -> str:
    return url_for("info.event_detail", post_id=event.id, _external=True)


def _calendar_response(body: bytes, filename: str | None = None) -> Response:
    response = Response(body, mimetype="text/calendar")
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/events/<int:post_id>.ics")
def event_ics(post_id):
    event = post_or_404(events.get, post_id)
    body = events.calendar([event], name=event.title, host=_host(), link=_link)
    return _calendar_response(body, f"event-{event.id}.ics")


@bp.route("/events/feed/<slug>.ics")
def event_feed(slug):
    neighbourhood = neighbourhoods.by_slug(slug)
    if neighbourhood is None:
        abort(404)
    body = events.calendar(events.for_feed(neighbourhood.id),
                           name=_("Events in %(name)s", name=neighbourhood.name),
                           host=_host(), link=_link)
    return _calendar_response(body)
