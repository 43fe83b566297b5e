"""Choosing the language: the resident's choice, then the browser's, then Dutch."""
from flask import current_app, has_request_context, request, session
from flask_login import current_user


def supported() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    if not has_request_context():   # commands and services; mails force their own locale
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.language in supported():
        return current_user.language
    chosen = session.get("language")
    if chosen in supported():
        return chosen
    return request.accept_languages.best_match(supported()) or current_app.config[
        "BABEL_DEFAULT_LOCALE"]
