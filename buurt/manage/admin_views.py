"""Admin pages: neighbourhoods and their postcode areas, topics, managers and ambassadors."""
from functools import wraps

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from buurt.ambassador import roles
from buurt.core.extensions import db
from buurt.manage import admin
from buurt.manage.forms import NeighbourhoodForm, RoleForm, TopicForm
from buurt.manage.routes import bp
from buurt.people import neighbourhoods
from buurt.people.models import Neighbourhood, Role, Topic, User
from buurt.web.forms import choices


def admins_only(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user.role != Role.ADMIN:
            abort(403)
        return view(*args, **kwargs)
    return wrapped


def _page_args() -> dict:
    return {"size": current_app.config["PAGE_SIZE"], "after": request.args.get("after"),
            "before": request.args.get("before")}


def _refused(form, error: admin.AdminError) -> None:
    db.session.rollback()
    form[error.field].errors = list(form[error.field].errors) + [str(error)]


# --- neighbourhoods ---------------------------------------------------------------------------

@bp.route("/admin/neighbourhoods", methods=["GET", "POST"])
@admins_only
def admin_neighbourhoods():
    form = NeighbourhoodForm()
    if form.validate_on_submit():
        try:
            neighbourhood = admin.create_neighbourhood(slug=form.slug.data, name=form.name.data,
                                                       postcodes=form.postcodes.data)
        except admin.AdminError as error:
            _refused(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s is added.", name=neighbourhood.name), "success")
            return redirect(url_for("manage.admin_neighbourhoods"))
    return render_template("manage/admin/neighbourhoods.html", form=form,
                           page=admin.neighbourhood_page(**_page_args()))


@bp.route("/admin/neighbourhoods/<int:neighbourhood_id>", methods=["GET", "POST"])
@admins_only
def admin_neighbourhood(neighbourhood_id):
    neighbourhood = db.get_or_404(Neighbourhood, neighbourhood_id)
    form = NeighbourhoodForm(obj=neighbourhood)
    del form.slug
    if request.method == "GET":
        form.postcodes.data = ", ".join(neighbourhood.postcode_list)
    if form.validate_on_submit():
        try:
            admin.update_neighbourhood(neighbourhood, name=form.name.data,
                                       postcodes=form.postcodes.data)
        except admin.AdminError as error:
            _refused(form, error)
        else:
            db.session.commit()
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("manage.admin_neighbourhoods"))
    return render_template("manage/admin/neighbourhood.html", form=form,
                           neighbourhood=neighbourhood)


# --- topics -----------------------------------------------------------------------------------

@bp.route("/admin/topics", methods=["GET", "POST"])
@admins_only
def admin_topics():
    form = TopicForm()
    if form.validate_on_submit():
        try:
            topic = admin.create_topic(slug=form.slug.data, name_nl=form.name_nl.data,
                                       name_en=form.name_en.data, position=form.position.data)
        except admin.AdminError as error:
            _refused(form, error)
        else:
            db.session.commit()
            flash(_("The topic %(name)s is added.", name=topic.name_nl), "success")
            return redirect(url_for("manage.admin_topics"))
    return render_template("manage/admin/topics.html", form=form,
                           page=admin.topic_page(**_page_args()))


@bp.route("/admin/topics/<int:topic_id>", methods=["GET", "POST"])
@admins_only
def admin_topic(topic_id):
    topic = db.get_or_404(Topic, topic_id)
    form = TopicForm(obj=topic)
    del form.slug
    if form.validate_on_submit():
        try:
            admin.update_topic(topic, name_nl=form.name_nl.data, name_en=form.name_en.data,
                               position=form.position.data)
        except admin.AdminError as error:
            _refused(form, error)
        else:
            db.session.commit()
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("manage.admin_topics"))
    return render_template("manage/admin/topic.html", form=form, topic=topic)


# --- managers and ambassadors -------------------------------------------------------------------

@bp.route("/admin/roles", methods=["GET", "POST"])
@admins_only
def admin_roles():
    all_neighbourhoods = neighbourhoods.all_neighbourhoods()
    form = RoleForm()
    form.neighbourhood.choices = choices([(n.slug, n.name) for n in all_neighbourhoods])
    if form.validate_on_submit():
        user = roles.find_account(form.login.data)
        neighbourhood = next(n for n in all_neighbourhoods if n.slug == form.neighbourhood.data)
        if user is None:
            form.login.errors = list(form.login.errors) + [
                _("We cannot find anyone with this e-mail address or username.")]
        else:
            try:
                if form.role.data == Role.MANAGER:
                    admin.appoint_manager(user, neighbourhood)
                else:
                    roles.appoint(current_user, user, neighbourhood)
            except admin.AdminError as error:
                _refused(form, error)
            except roles.OnboardingError as error:
                db.session.rollback()
                form.login.errors = list(form.login.errors) + [str(error)]
            else:
                db.session.commit()
                flash(_("%(name)s is now a community manager of %(neighbourhood)s.",
                        name=user.display_name, neighbourhood=neighbourhood.name)
                      if form.role.data == Role.MANAGER else
                      _("%(name)s is now an ambassador for %(neighbourhood)s.",
                        name=user.display_name, neighbourhood=neighbourhood.name), "success")
                return redirect(url_for("manage.admin_roles"))
    return render_template("manage/admin/roles.html", form=form,
                           page=admin.role_holders(**_page_args()))


@bp.route("/admin/roles/<int:user_id>/<int:neighbourhood_id>/<role>/dismiss",
          methods=["POST"])
@admins_only
def admin_dismiss(user_id, neighbourhood_id, role):
    if role not in admin.ROLES:
        abort(404)
    user = db.get_or_404(User, user_id)
    neighbourhood = db.get_or_404(Neighbourhood, neighbourhood_id)
    try:
        if role == Role.MANAGER:
            admin.dismiss_manager(user, neighbourhood)
        else:
            roles.dismiss(current_user, user, neighbourhood)
    except (admin.AdminError, roles.OnboardingError) as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("%(name)s no longer has this role in %(neighbourhood)s.",
                name=user.display_name, neighbourhood=neighbourhood.name), "success")
    return redirect(url_for("manage.admin_roles"))
