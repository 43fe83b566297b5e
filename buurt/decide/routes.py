"""Deciding together: the rounds, one round with its vote or result, opening a round."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, \
    url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from buurt.core import clock
from buurt.core.extensions import db
from buurt.decide import services as decisions
from buurt.decide.forms import RoundForm
from buurt.decide.models import Method
from buurt.ideas import services as ideas
from buurt.moderation import managers
from buurt.people import access as permissions, neighbourhoods
from buurt.people.models import Role
from buurt.posts.views import post_or_404
from buurt.web.filters import chosen_neighbourhood
from buurt.web.forms import choices

bp = Blueprint("decide", __name__, template_folder="templates")


@bp.route("/decide")
def round_list():
    neighbourhood, all_neighbourhoods = chosen_neighbourhood()
    page = decisions.listing(neighbourhood_id=neighbourhood.id if neighbourhood else None,
                             after=request.args.get("after"), before=request.args.get("before"),
                             size=current_app.config["PAGE_SIZE"])
    args = {"neighbourhood": request.args["neighbourhood"]} \
        if request.args.get("neighbourhood") else {}
    can_open = current_user.is_authenticated and (
        managers.managed_neighbourhood_ids(current_user) != set())
    return render_template("decide/list.html", page=page, now=clock.now(),
                           neighbourhood=neighbourhood, neighbourhoods=all_neighbourhoods,
                           voted=decisions.voted_in(current_user, page.items),
                           can_open=can_open, args=args)


def _detail(round_, *, vote_error=None, typed=None, status=200):
    now = clock.now()
    own = decisions.ballot_of(round_, current_user)
    return render_template(
        "decide/detail.html", round=round_, now=now, own=own,
        typed=typed if typed is not None else (own or {}), vote_error=vote_error,
        resident=(current_user.is_authenticated
                  and current_user.neighbourhood_id == round_.neighbourhood_id),
        can_vote=decisions.can_vote(current_user, round_),
        is_manager=(current_user.is_authenticated
                    and current_user.role in (Role.MANAGER, Role.ADMIN)
                    and permissions.is_manager_of(current_user, round_.neighbourhood_id)),
        turnout=decisions.turnout(round_), result=decisions.results(round_),
        options={o.id: o for o in round_.options}), status


@bp.route("/decide/<int:round_id>")
def round_detail(round_id):
    return _detail(post_or_404(decisions.get, round_id, visible=None))


def _read_ballot(round_):
    """The ballot as the form sent it: (marks, typed values, error message or None)."""
    ids = {str(o.id): o.id for o in round_.options}
    if round_.method == Method.APPROVAL:
        ticked = request.form.getlist("option")
        typed = {ids[v]: 1 for v in ticked if v in ids}
        if any(v not in ids for v in ticked):
            return None, typed, _("Choose from the options of this round.")
        return typed, typed, None
    marks, typed, error = {}, {}, None
    for key, option_id in ids.items():
        raw = request.form.get(f"points-{key}", "").strip()
        typed[option_id] = raw
        if not raw:
            continue
        try:
            marks[option_id] = int(raw)
        except ValueError:
            error = _("Write the points as whole numbers, for example 3.")
    return (None if error else marks), typed, error


@bp.route("/decide/<int:round_id>/vote", methods=["POST"])
@login_required
def vote(round_id):
    round_ = post_or_404(decisions.get, round_id, visible=None)
    marks, typed, error = _read_ballot(round_)
    if error is None:
        try:
            decisions.vote(round_, current_user, marks, change=request.form.get("change") == "1")
        except decisions.DecisionError as refused:
            db.session.rollback()
            error = str(refused)
    if error is not None:
        return _detail(round_, vote_error=error, typed=typed)
    changed = request.form.get("change") == "1"
    db.session.commit()
    flash(_("Your vote is changed. Only your newest vote counts.") if changed
          else _("Thank you for voting! You can change your vote until the round closes."),
          "success")
    return redirect(url_for("decide.round_detail", round_id=round_id))


# --- opening a round ---------------------------------------------------------------------

def _round_form(managed, candidates, **kwargs) -> RoundForm:
    form = RoundForm(**kwargs)
    form.neighbourhood.choices = choices([(n.slug, n.name) for n in managed])
    idea_choices = choices([("", _("No idea: I write the option"))]
                           + [(str(i.id), i.title) for i in candidates])
    for row in form.options:
        row.form.idea.choices = idea_choices
    return form


def _chosen(form, managed):
    return next((n for n in managed if n.slug == form.neighbourhood.data), managed[0])


def _put_on_form(form, error: decisions.DecisionError) -> None:
    name = error.field or ""
    field = None
    if name.startswith("options-"):
        _, row, part = name.split("-")
        field = form.options[int(row)].form[part]
    elif name in form:
        field = form[name]
    if field is None or name == "options":
        form.form_errors.append(str(error))
    else:
        field.errors = list(field.errors) + [str(error)]


def _option_inputs(form, candidates) -> list[decisions.OptionInput]:
    by_id = {str(i.id): i for i in candidates}
    return [decisions.OptionInput(title=row.form.title.data or "", cost=row.form.cost.data,
                                  idea=by_id.get(row.form.idea.data or ""), row=k)
            for k, row in enumerate(form.options)]


def _moment(day_field, time_field, *, required: bool):
    """The UTC moment of a day and time field pair, or None; marks what is missing."""
    day, at = day_field.data, time_field.data
    if day is None and at is None and not required:
        return None, True
    if day is None:
        day_field.errors = list(day_field.errors) + [_("Fill in the day.")]
        return None, False
    if at is None:
        time_field.errors = list(time_field.errors) + [_("Fill in the time.")]
        return None, False
    return clock.from_local(day, at), True


@bp.route("/decide/new", methods=["GET", "POST"])
@login_required
def round_new():
    managed = neighbourhoods.managed_by(current_user)
    if not managed:
        abort(403)
    chosen_slug = request.form.get("neighbourhood") or request.args.get("neighbourhood")
    neighbourhood = next((n for n in managed if n.slug == chosen_slug), None) or next(
        (n for n in managed if n.id == current_user.neighbourhood_id), managed[0])
    proposed = ideas.proposed_for_round(neighbourhood.id)
    candidates = ideas.round_candidates(neighbourhood.id, proposed)
    form = _round_form(managed, candidates)
    if request.method == "GET":
        form.neighbourhood.data = neighbourhood.slug
        for row, idea in zip(form.options, proposed):
            row.form.idea.data = str(idea.id)
            row.form.cost.data = idea.estimated_cost
    if form.validate_on_submit():
        opens_at, opens_ok = _moment(form.opens_date, form.opens_time, required=False)
        closes_at, closes_ok = _moment(form.closes_date, form.closes_time, required=True)
        if opens_ok and closes_ok:
            try:
                round_ = decisions.open_round(
                    current_user, _chosen(form, managed), question=form.question.data,
                    description=form.description.data, method=form.method.data,
                    points=form.points.data, budget=form.budget.data, opens_at=opens_at,
                    closes_at=closes_at, options=_option_inputs(form, candidates))
            except decisions.DecisionError as error:
                db.session.rollback()
                _put_on_form(form, error)
            else:
                db.session.commit()
                flash(_("The round is ready. Residents can vote from the moment it opens."),
                      "success")
                return redirect(url_for("decide.round_detail", round_id=round_.id))
    return render_template("decide/form.html", form=form, proposed=proposed,
                           neighbourhood=neighbourhood, many=len(managed) > 1)
