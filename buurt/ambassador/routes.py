"""Routes for ambassadors and the managers who appoint them: events with a sign-up link and
QR code, assisted sign-up with a login card, "my neighbours", approving their first posts,
posting a request for them and deleting the account of one without e-mail."""
from datetime import datetime

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template,
                   request, session, url_for)
from flask_babel import format_date, get_locale, gettext as _
from flask_login import current_user, login_required, user_logged_in, user_loaded_from_cookie

from buurt.ambassador import cards, links, on_behalf, roles
# The views events() and neighbours() take those names: their functions are imported by name.
from buurt.ambassador.events import (can_see_event, create_event, events_page, get_event,
                                     recent_events, signup_counts)
from buurt.ambassador.forms import (AppointForm, AssistedSignupForm, DeleteNeighbourForm,
                                    EventForm, FindNeighbourForm, RequestForNeighbourForm)
from buurt.ambassador.neighbours import approve_first_post, can_approve, may_follow, my_neighbours
from buurt.core import clock
from buurt.core.extensions import db
from buurt.moderation import managers
from buurt.moderation.models import ModerationCase
from buurt.people import access, accounts, deletion, topics
from buurt.people.models import Neighbourhood, User
from buurt.web.filters import post_url
from buurt.web.forms import choices, put_on_form, topic_choices
from buurt.web.qr import qr_svg

bp = Blueprint("ambassador", __name__, template_folder="templates", url_prefix="/ambassador")

# The code of the card just made, kept in the session only until the ambassador moves on.
CARD_KEY = "ambassador_card"
PAPER_SIZES = ("a4", "a6")


def _visited(sender, user, **extra):
    # Both signals come before the view changes anything, so this commit is the visit's own.
    cards.record_visit(user)
    db.session.commit()


@bp.record_once
def _count_visits(state):
    """A neighbour's log-ins and returns feed the "logged in again" of "my neighbours"."""
    user_logged_in.connect(_visited, state.app)
    user_loaded_from_cookie.connect(_visited, state.app)


@bp.before_request
@login_required
def onboarders_only():
    """Ambassadors of a neighbourhood, its managers and admins; everyone else gets 403."""
    # Looked up once a request; the views pass it on to the services.
    g.served = roles.served_neighbourhood_ids(current_user)
    if g.served == set():
        abort(403)
    # A card's code is shown once: moving on to any other page forgets it.
    if request.endpoint != "ambassador.card":
        session.pop(CARD_KEY, None)


@bp.after_request
def no_store(response):
    """Neighbours' names and login codes must not come back with the back button."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _page_args():
    return {"older": request.args.get("older"), "newer": request.args.get("newer"),
            "size": current_app.config["PAGE_SIZE"]}


@bp.route("")
def index():
    return render_template("ambassador/index.html",
                           can_appoint=roles.can_appoint(current_user))


# --- appointing ambassadors -------------------------------------------------------------

def _managed_or_403():
    """The neighbourhoods the user manages (None: all); 403 for anyone else."""
    managed = managers.managed_neighbourhood_ids(current_user)
    if not roles.can_appoint(current_user, managed):
        abort(403)
    return managed


@bp.route("/team", methods=["GET", "POST"])
def team():
    managed_ids = _managed_or_403()
    managed = roles.managed_neighbourhoods(current_user, managed_ids)
    form = AppointForm()
    form.neighbourhood.choices = choices([(n.slug, n.name) for n in managed])
    if request.method == "GET" and managed:
        form.neighbourhood.data = managed[0].slug
    if form.validate_on_submit():
        user = roles.find_account(form.login.data)
        neighbourhood = next(n for n in managed if n.slug == form.neighbourhood.data)
        if user is None:
            form.login.errors.append(_("We cannot find a resident with this e-mail address "
                                       "or username."))
        else:
            try:
                roles.appoint(current_user, user, neighbourhood)
            except roles.OnboardingError as error:
                form.login.errors.append(str(error))
            else:
                db.session.commit()
                flash(_("%(name)s is now an ambassador for %(neighbourhood)s.",
                        name=user.display_name, neighbourhood=neighbourhood.name), "success")
                return redirect(url_for("ambassador.team"))
    page = roles.team(current_user, managed=managed_ids, **_page_args())
    return render_template("ambassador/team.html", form=form, page=page,
                           show_neighbourhoods=len(managed) > 1)


@bp.route("/team/<int:user_id>/<int:neighbourhood_id>/dismiss", methods=["POST"])
def dismiss(user_id, neighbourhood_id):
    _managed_or_403()
    user = db.get_or_404(User, user_id)
    neighbourhood = db.get_or_404(Neighbourhood, neighbourhood_id)
    try:
        roles.dismiss(current_user, user, neighbourhood)
    except PermissionError:
        abort(403)
    except roles.OnboardingError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("%(name)s is no longer an ambassador for %(neighbourhood)s.",
                name=user.display_name, neighbourhood=neighbourhood.name), "success")
    return redirect(url_for("ambassador.team"))


# --- events -----------------------------------------------------------------------------

@bp.route("/events")
def events():
    page = events_page(current_user, **_page_args())
    return render_template("ambassador/events.html", page=page)


@bp.route("/events/new", methods=["GET", "POST"])
def new_event():
    served = roles.served_neighbourhoods(current_user, g.served)
    form = EventForm()
    form.neighbourhood.choices = choices([(n.slug, n.name) for n in served])
    if request.method == "GET" and served:
        own = next((n for n in served if n.id == current_user.neighbourhood_id), served[0])
        form.neighbourhood.data = own.slug
    if form.validate_on_submit():
        neighbourhood = next(n for n in served if n.slug == form.neighbourhood.data)
        event = create_event(current_user, name=form.name.data, day=form.day.data,
                                        place=form.place.data, neighbourhood=neighbourhood)
        db.session.commit()
        flash(_("The event is ready. Print the QR code, or sign neighbours up on this phone."),
              "success")
        return redirect(url_for("ambassador.event", event_id=event.id))
    return render_template("ambassador/event_form.html", form=form,
                           show_neighbourhoods=len(served) > 1)


def _event_or_404(event_id):
    event = get_event(event_id)
    if event is None:
        abort(404)
    if not can_see_event(current_user, event):
        abort(403)
    return event


@bp.route("/events/<int:event_id>")
def event(event_id):
    event = _event_or_404(event_id)
    link = links.signup_link(event)
    return render_template("ambassador/event.html", event=event, link=link,
                           qr=qr_svg(link, _("QR code of the sign-up link")),
                           signups=signup_counts([event.id]).get(event.id, 0))


@bp.route("/events/<int:event_id>/print")
def event_print(event_id):
    event = _event_or_404(event_id)
    paper = request.args.get("paper", "a4")
    if paper not in PAPER_SIZES:
        paper = "a4"
    link = links.signup_link(event)
    return render_template("ambassador/event_print.html", event=event, link=link,
                           paper=paper,
                           qr=qr_svg(link, _("QR code of the sign-up link")))


# --- assisted sign-up and the login card ------------------------------------------------

def _signup_form(served, events):
    form = AssistedSignupForm()
    form.served = served
    form.events = {str(e.id): e for e in events}
    topic_list = topic_choices(topics.all_topics(), str(get_locale()))
    form.seek_topics.choices = topic_list
    form.offer_topics.choices = topic_list
    form.neighbourhood.choices = choices([("", _("Find it from the postcode"))] + [
        (n.slug, n.name) for n in served])
    form.event.choices = choices([("", _("No event"))] + [
        (str(e.id), f"{e.name} ({format_date(e.day, 'd MMMM')})") for e in events])
    return form


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    served = roles.served_neighbourhoods(current_user, g.served)
    events = recent_events(current_user)
    form = _signup_form(served, events)
    if request.method == "GET":
        # Today's event is chosen already: one less thing to tap at the stall.
        wanted = request.args.get("event")
        form.event.data = wanted if wanted in form.events else (
            str(events[0].id) if events and events[0].day == clock.today() else "")
    if form.validate_on_submit():
        try:
            card = cards.assisted_signup(
                current_user, display_name=form.display_name.data, email=form.email.data,
                neighbourhood=form.found_neighbourhood, consent=form.consent.data,
                event=form.found_event, language=str(get_locale()),
                seek=form.seek_topics.data, offer=form.offer_topics.data)
        except accounts.EmailTaken:
            form.email.errors.append(_(
                "There is already an account with this e-mail address. Log in, or use "
                "another address."))
        else:
            db.session.commit()
            session[CARD_KEY] = {"user_id": card.user.id, "login": card.login,
                                 "code": card.code,
                                 "expires_at": card.expires_at.isoformat()}
            return redirect(url_for("ambassador.card", user_id=card.user.id))
    return render_template("ambassador/signup.html", form=form,
                           show_neighbourhoods=len(served) > 1, show_events=bool(events))


def _neighbour_or_404(user_id):
    neighbour = db.get_or_404(User, user_id)
    if not may_follow(current_user, neighbour, g.served):
        abort(403)
    return neighbour


def _card_neighbour_or_404(user_id):
    neighbour = db.get_or_404(User, user_id)
    if not cards.may_issue_card(current_user, neighbour, g.served):
        abort(403)
    return neighbour


@bp.route("/neighbours/<int:user_id>/card")
def card(user_id):
    neighbour = _card_neighbour_or_404(user_id)
    shown = session.get(CARD_KEY)
    if not shown or shown.get("user_id") != neighbour.id:
        # Shown once: the back button or a second look shows no name and no code.
        return render_template("ambassador/card_closed.html")
    return render_template("ambassador/card.html", neighbour=neighbour, login=shown["login"],
                           code=shown["code"],
                           expires_at=datetime.fromisoformat(shown["expires_at"]),
                           login_link=links.login_link(),
                           qr=qr_svg(links.login_link(),
                                                _("QR code of the log-in page")))


@bp.route("/cards", methods=["GET", "POST"])
def find_for_card():
    """A neighbour who forgot their password comes to an ambassador or manager: find them
    by the username on their old card."""
    form = FindNeighbourForm()
    if form.validate_on_submit():
        neighbour = roles.find_account(form.login.data)
        if neighbour is not None and cards.may_issue_card(current_user, neighbour,
                                                               g.served):
            return redirect(url_for("ambassador.new_card_confirm", user_id=neighbour.id))
        # The same words whether the account does not exist or is not theirs to help.
        form.login.errors.append(_("We cannot find a neighbour with this username or e-mail "
                                   "address for whom you can make a card."))
    return render_template("ambassador/find_for_card.html", form=form)


@bp.route("/neighbours/<int:user_id>/card/new")
def new_card_confirm(user_id):
    """Say what a new card does before it is made: it may end the neighbour's password."""
    neighbour = _card_neighbour_or_404(user_id)
    return render_template("ambassador/new_card.html", neighbour=neighbour,
                           ends_password=cards.new_card_ends_password(neighbour),
                           refusal=cards.card_refusal(neighbour))


@bp.route("/neighbours/<int:user_id>/card", methods=["POST"])
def new_card(user_id):
    neighbour = _card_neighbour_or_404(user_id)
    if cards.new_card_ends_password(neighbour) and not request.form.get("confirmed"):
        # Ending a password takes the confirmation page's button, not a stray click.
        return redirect(url_for("ambassador.new_card_confirm", user_id=neighbour.id))
    try:
        card = cards.new_card(current_user, neighbour, g.served)
    except roles.OnboardingError as error:
        flash(str(error), "error")
        return redirect(url_for("ambassador.new_card_confirm", user_id=neighbour.id))
    db.session.commit()
    session[CARD_KEY] = {"user_id": neighbour.id, "login": card.login, "code": card.code,
                         "expires_at": card.expires_at.isoformat()}
    return redirect(url_for("ambassador.card", user_id=neighbour.id))


# --- my neighbours ----------------------------------------------------------------------

@bp.route("/neighbours")
def neighbours():
    page = my_neighbours(current_user, served=g.served, **_page_args())
    return render_template("ambassador/neighbours.html", page=page)


@bp.route("/cases/<int:case_id>/approve", methods=["POST"])
def approve(case_id):
    case = db.get_or_404(ModerationCase, case_id)
    if not case.is_open and case.author is not None \
            and may_follow(current_user, case.author, g.served):
        flash(_("This post has been dealt with already."), "info")
        return redirect(url_for("ambassador.neighbours"))
    if not can_approve(current_user, case, served=g.served):
        abort(403)
    try:
        approve_first_post(current_user, case)
    except roles.OnboardingError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Approved. It is online."), "success")
    return redirect(url_for("ambassador.neighbours"))


@bp.route("/neighbours/<int:user_id>/request", methods=["GET", "POST"])
def request_for(user_id):
    neighbour = _neighbour_or_404(user_id)
    form = RequestForNeighbourForm()
    form.topic.choices = topic_choices(topics.all_topics(), str(get_locale()),
                                       placeholder=_("Choose a topic"))
    if form.validate_on_submit():
        post = on_behalf.post_request_for(
            current_user, neighbour, consent=form.consent.data, title=form.title.data,
            body=form.body.data, topic=topics.by_slug(form.topic.data), need=form.need.data,
            urgency=form.urgency.data)
        db.session.commit()
        if post.is_published:
            flash(_("The request of %(name)s is online. Responses go to them.",
                    name=neighbour.display_name), "success")
            return redirect(post_url(post))
        flash(_("The request of %(name)s waits for a community manager first. They find it "
                "under My help.", name=neighbour.display_name), "success")
        return redirect(url_for("ambassador.neighbours"))
    return render_template("ambassador/request_form.html", form=form, neighbour=neighbour)


@bp.route("/neighbours/<int:user_id>/delete", methods=["GET", "POST"])
def delete_neighbour(user_id):
    """Delete the account of a neighbour without e-mail, who asked for it: what happens is
    read aloud, and their consent is recorded with the ambassador and the moment."""
    neighbour = db.get_or_404(User, user_id)
    if not access.can_delete_account_for(current_user, neighbour):
        abort(403)
    form = DeleteNeighbourForm()
    if form.validate_on_submit():
        name = neighbour.display_name   # a moment from now the account has no name
        try:
            deletion.delete_account(neighbour, by=current_user._get_current_object(),
                                    consent=form.consent.data)
        except deletion.DeletionError as error:
            put_on_form(form, error, fallback=form.consent)
        else:
            db.session.commit()
            flash(_("The account of %(name)s is deleted.", name=name), "success")
            return redirect(url_for("ambassador.neighbours"))
    return render_template("ambassador/delete_neighbour.html", form=form, neighbour=neighbour)
