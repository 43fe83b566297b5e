"""The people directory (residents only): who opted in, one person, sending a message."""
from flask import abort, redirect, render_template, url_for
from flask_login import current_user, login_required

from buurt.core.extensions import db
from buurt.info.forms import MessageForm
from buurt.info.routes import bp, chosen_topic, cursors, filter_args, page_size
from buurt.people import directory as people
from buurt.web.filters import chosen_neighbourhood


@bp.route("/people")
@login_required
def people_list():
    neighbourhood, all_neighbourhoods = chosen_neighbourhood()
    topic, all_topics = chosen_topic()
    page = people.directory(neighbourhood_id=neighbourhood.id if neighbourhood else None,
                            topic=topic, size=page_size(), **cursors())
    return render_template("info/people.html", page=page, neighbourhood=neighbourhood,
                           neighbourhoods=all_neighbourhoods, topic=topic, topics=all_topics,
                           args=filter_args(neighbourhood, topic))


def _listed_or_404(user_id):
    person = people.listed(user_id)
    if person is None:
        abort(404)   # not in the directory: for others this person is not here
    return person


def _page(person, form, status=200):
    return render_template("info/person.html", person=person, form=form,
                           is_me=person.id == current_user.id), status


@bp.route("/people/<int:user_id>")
@login_required
def person_detail(user_id):
    return _page(_listed_or_404(user_id), MessageForm())


@bp.route("/people/<int:user_id>/message", methods=["POST"])
@login_required
def person_message(user_id):
    person = _listed_or_404(user_id)
    form = MessageForm()
    if not form.validate_on_submit():
        return _page(person, form)
    try:
        conversation = people.send_message(current_user, person, form.body.data)
    except people.PeopleError as error:
        form.body.errors = [str(error)]
        return _page(person, form)
    db.session.commit()
    return redirect(url_for("messages.conversation", conversation_id=conversation.id,
                            _anchor="latest"))
