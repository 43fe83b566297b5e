"""Two-step log-in: setting up an app, the second step of a log-in, recovery codes, turning
it off, and the setting that requires it of managers and admins."""
import re
from datetime import datetime, timedelta, timezone

import pyotp
import pytest
import segno
import time_machine

from buurt import create_app
from buurt.ambassador import cards
from buurt.core import clock
from buurt.core.extensions import db
from buurt.people import roles, two_factor
from buurt.people.models import RecoveryCode, Role, TwoFactor
from tests.conftest import test_settings
from tests.fixtures.builders import PASSWORD

# Five seconds into a 30-second time step, so a test knows which step it is in.
START = datetime(2026, 12, 4, 9, 0, 5, tzinfo=timezone.utc)
STEP = timedelta(seconds=30)


@pytest.fixture
def traveller(app):
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def with_app(make_user, traveller):
    """Turn two-step log-in on for a user (through the service); return the secret and
    the recovery codes."""
    def turn_on(user):
        secret = pyotp.random_base32()
        codes = two_factor.enable(user, secret, pyotp.TOTP(secret).now(), clock.now())
        db.session.commit()
        return secret, codes
    return turn_on


def shown_secret(html: str) -> str:
    return re.search(r'<p class="setup-key">([A-Z2-7 ]+)</p>', html).group(1).replace(" ", "")


def shown_codes(html: str) -> list[str]:
    return re.findall(r"<li><code>([A-Z0-9]{5}-[A-Z0-9]{5})</code></li>", html)


def log_in_with_password(client, user, **extra):
    return client.post("/login", data={"email": user.email, "password": PASSWORD, **extra})


def logged_in(client, user) -> bool:
    """Is the client logged in as this user? (/welcome is for residents only.)"""
    return client.get("/welcome").status_code == 200


def test_set_up_with_a_code_from_the_shown_secret(client, login, make_user, traveller):
    user = make_user(email="kees@example.com")
    login(user)
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = shown_secret(page)
    assert len(secret) == 32
    # The key is shown in groups of four for typing, and the QR code holds the same key.
    assert " ".join(secret[i:i + 4] for i in range(0, 32, 4)) in page
    drawing = segno.make(two_factor.setup_link(user, secret), error="m").svg_inline(
        scale=1, border=2, omitsize=True, lineclass=None)
    assert drawing[drawing.index("<path"):drawing.index("</svg>")] in page
    assert "secret=" + secret in two_factor.setup_link(user, secret)
    # Reloading the page shows the same key, so a half-done scan still fits.
    assert shown_secret(client.get("/account/two-factor").get_data(as_text=True)) == secret

    right = pyotp.TOTP(secret).now()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post("/account/two-factor/setup", data={"code": wrong})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Deze code werkt niet." in page and f'value="{wrong}"' in page
    assert shown_secret(page) == secret
    assert db.session.get(TwoFactor, user.id) is None

    response = client.post("/account/two-factor/setup", data={"code": right})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    codes = shown_codes(page)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = db.session.get(TwoFactor, user.id)
    assert stored.secret == secret and stored.enabled_at == clock.now()
    # The codes are kept only as hashes.
    hashes = db.session.scalars(db.select(RecoveryCode.code_hash).filter_by(
        user_id=user.id)).all()
    assert len(hashes) == 10
    assert not any(code.replace("-", "") in h for code in codes for h in hashes)
    # The settings page shows that it is on, never the codes or the key again.
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "Inloggen in twee stappen staat aan" in page
    assert "10 herstelcodes" in page
    assert not any(code in page for code in codes) and secret not in page


def test_a_confirm_without_a_code_says_so(client, login, make_user):
    login(make_user())
    client.get("/account/two-factor")
    response = client.post("/account/two-factor/setup", data={"code": ""})
    assert response.status_code == 200
    assert "Vul de 6 cijfers uit je app in." in response.get_data(as_text=True)


def test_a_log_in_asks_for_the_code_and_logs_in_only_after_it(client, make_user, with_app,
                                                              traveller):
    user = make_user("Kees")
    secret, _ = with_app(user)
    traveller.shift(STEP)
    response = log_in_with_password(client, user, next="/offers")
    assert response.status_code == 302 and response.location.endswith("/login/two-factor")
    assert "remember_token" not in " ".join(response.headers.getlist("Set-Cookie"))
    assert not logged_in(client, user)
    page = client.get("/login/two-factor").get_data(as_text=True)
    assert 'name="code"' in page and "Je wachtwoord klopt" in page
    assert "Kees" not in client.get("/").get_data(as_text=True)

    response = client.post("/login/two-factor", data={"code": "000000"})
    assert response.status_code == 200 and "Deze code werkt niet." in response.get_data(
        as_text=True)
    assert not logged_in(client, user)

    response = client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).now()})
    # "Remember me" and the page the log-in started from still work after the second step.
    assert response.status_code == 302 and response.location.endswith("/offers")
    assert "remember_token=" in " ".join(response.headers.getlist("Set-Cookie"))
    assert logged_in(client, user)
    # The half-done log-in is over: its page sends a logged-in user home.
    assert client.get("/login/two-factor").location.endswith("/")


def test_the_second_step_goes_only_to_pages_of_this_site(client, make_user, with_app,
                                                        traveller):
    user = make_user()
    secret, _ = with_app(user)
    traveller.shift(STEP)
    log_in_with_password(client, user, next="https://evil.example/x")
    response = client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.location in ("/", "http://buurt.test/")


def test_without_a_password_there_is_no_second_step(client, make_user, with_app):
    user = make_user()
    with_app(user)
    response = client.get("/login/two-factor")
    assert response.status_code == 302 and response.location.endswith("/login")
    response = client.post("/login", data={"email": user.email, "password": "fout"})
    assert response.status_code == 200
    assert client.get("/login/two-factor").location.endswith("/login")


def test_a_recovery_code_works_once(client, make_user, with_app, traveller):
    user = make_user()
    _, codes = with_app(user)
    log_in_with_password(client, user)
    # Typed as people type: lower case, without the dash.
    response = client.post("/login/two-factor", data={"code": codes[3].lower().replace("-", " ")})
    assert response.status_code == 302
    assert "9 over" in client.get("/").get_data(as_text=True)   # the flash says how many
    assert logged_in(client, user)
    client.post("/logout")

    log_in_with_password(client, user)
    response = client.post("/login/two-factor", data={"code": codes[3]})
    assert response.status_code == 200 and "Deze code werkt niet." in response.get_data(
        as_text=True)
    assert not logged_in(client, user)
    assert client.post("/login/two-factor", data={"code": codes[4]}).status_code == 302
    assert two_factor.recovery_codes_left(user) == 8


def test_a_code_works_once_and_the_window_is_one_step_each_way(client, make_user, with_app,
                                                               traveller):
    user = make_user()
    secret, _ = with_app(user)
    totp = pyotp.TOTP(secret)
    # The code of set-up's own step was used by the set-up: it does not log in.
    log_in_with_password(client, user)
    used = totp.now()
    response = client.post("/login/two-factor", data={"code": used})
    assert response.status_code == 200 and not logged_in(client, user)

    # Thirty seconds later: the new code logs in, once.
    traveller.shift(STEP)
    code = totp.now()
    assert client.post("/login/two-factor", data={"code": code}).status_code == 302
    client.post("/logout")
    log_in_with_password(client, user)
    assert client.post("/login/two-factor", data={"code": code}).status_code == 200
    assert not logged_in(client, user)

    # The code of the next step works already (a phone a little ahead)...
    assert client.post("/login/two-factor",
                       data={"code": totp.at(clock.now() + STEP)}).status_code == 302
    client.post("/logout")
    # ...and after it, an earlier step's code never again.
    traveller.shift(STEP)
    log_in_with_password(client, user)
    assert client.post("/login/two-factor", data={"code": code}).status_code == 200
    # A code two steps ahead is too far off; the previous step's (a slow typist) is fine.
    traveller.shift(STEP * 2)
    far = totp.at(clock.now() + 2 * STEP)
    assert client.post("/login/two-factor", data={"code": far}).status_code == 200
    previous = totp.at(clock.now() - STEP)
    assert client.post("/login/two-factor", data={"code": previous}).status_code == 302
    assert logged_in(client, user)


def test_a_half_done_log_in_expires_after_five_minutes(client, make_user, with_app,
                                                       traveller):
    user = make_user()
    secret, _ = with_app(user)
    log_in_with_password(client, user)
    traveller.shift(timedelta(minutes=4, seconds=50))
    assert client.get("/login/two-factor").status_code == 200      # still waiting
    traveller.shift(timedelta(seconds=10))
    response = client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and response.location.endswith("/login")
    assert "meer dan 5 minuten" in client.get("/login").get_data(as_text=True)
    assert not logged_in(client, user)
    # The code was not used up by the late try: a new log-in takes it.
    log_in_with_password(client, user)
    assert client.post("/login/two-factor",
                       data={"code": pyotp.TOTP(secret).now()}).status_code == 302


def test_a_new_password_elsewhere_ends_the_half_done_log_in(client, make_user, with_app,
                                                            traveller):
    from buurt.people import accounts
    user = make_user()
    secret, _ = with_app(user)
    traveller.shift(STEP)
    log_in_with_password(client, user)
    accounts.end_sessions(user)
    db.session.commit()
    response = client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.location.endswith("/login") and not logged_in(client, user)


def test_a_password_reset_link_does_not_skip_the_code(client, make_user, with_app, traveller):
    from buurt.notifications.models import OutboxEmail
    user = make_user("Kees")
    secret, _ = with_app(user)
    client.post("/password/forgot", data={"email": user.email})
    body = db.session.scalar(db.select(OutboxEmail.body_text).filter_by(kind="password_reset"))
    token = re.search(r"/password/reset/(\S+)", body).group(1)
    response = client.post(f"/password/reset/{token}",
                           data={"password": "a new password", "confirm": "a new password"})
    assert response.location.endswith("/login/two-factor")
    assert not logged_in(client, user)
    traveller.shift(STEP)
    assert client.post("/login/two-factor",
                       data={"code": pyotp.TOTP(secret).now()}).status_code == 302
    assert logged_in(client, user)


def test_a_login_card_of_an_account_with_two_step_log_in_asks_for_the_code(
        client, make_user, with_app, traveller, centrum):
    ambassador = make_user("Anja", role=Role.AMBASSADOR)
    roles.appoint(ambassador, centrum, Role.AMBASSADOR)
    henk = cards.assisted_signup(ambassador, display_name="Henk", email=None,
                                 neighbourhood=centrum, consent=True).user
    cards.choose_password(henk, PASSWORD)
    db.session.commit()
    secret, _ = with_app(henk)
    # Henk forgot his password; without e-mail he gets a new card from his ambassador.
    card = cards.new_card(ambassador, henk)
    db.session.commit()

    response = client.post("/login", data={"email": card.login, "password": card.code})
    assert response.location.endswith("/login/two-factor")
    assert not logged_in(client, henk)
    # Too slow: the card's code was not used, so it works again.
    traveller.shift(timedelta(minutes=6))
    assert client.get("/login/two-factor").location.endswith("/login")
    response = client.post("/login", data={"email": card.login, "password": card.code})
    assert response.location.endswith("/login/two-factor")
    response = client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.location.endswith("/password/choose")
    assert client.get("/requests").location.endswith("/password/choose")
    # The card's code has worked its one time.
    client.post("/logout")
    response = client.post("/login", data={"email": card.login, "password": card.code})
    assert "Deze code is al gebruikt" in response.get_data(as_text=True)


class TestTurningOff:
    def test_it_takes_the_password_and_a_code(self, client, make_user, with_app, login,
                                              traveller):
        user = make_user()
        secret, codes = with_app(user)
        traveller.shift(STEP)
        log_in_with_password(client, user)
        client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).now()})
        traveller.shift(STEP)
        code = pyotp.TOTP(secret).now()

        response = client.post("/account/two-factor/off",
                               data={"off-password": "fout", "off-code": code})
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "Dit is niet je wachtwoord." in page
        assert f'value="{code}"' in page           # what was typed is kept
        response = client.post("/account/two-factor/off",
                               data={"off-password": PASSWORD, "off-code": "123"})
        assert "Deze code werkt niet." in response.get_data(as_text=True)
        response = client.post("/account/two-factor/off", data={"off-password": PASSWORD})
        assert "Vul de code uit je app of een herstelcode in." in response.get_data(
            as_text=True)
        assert two_factor.is_on(user)

        response = client.post("/account/two-factor/off",
                               data={"off-password": PASSWORD, "off-code": code})
        assert response.status_code == 302
        db.session.expire_all()
        assert db.session.get(TwoFactor, user.id) is None
        assert db.session.scalar(db.select(db.func.count(RecoveryCode.id))) == 0
        # The next log-in is the password alone.
        client.post("/logout")
        assert log_in_with_password(client, user).location in ("/", "http://buurt.test/")
        assert "Inloggen in twee stappen instellen" in client.get(
            "/account/two-factor").get_data(as_text=True)

    def test_with_a_lost_phone_a_recovery_code_does(self, client, make_user, with_app,
                                                    traveller):
        user = make_user()
        _, codes = with_app(user)
        log_in_with_password(client, user)
        client.post("/login/two-factor", data={"code": codes[0]})
        response = client.post("/account/two-factor/off",
                               data={"off-password": PASSWORD, "off-code": codes[0]})
        assert response.status_code == 200 and two_factor.is_on(user)   # used at log-in
        response = client.post("/account/two-factor/off",
                               data={"off-password": PASSWORD, "off-code": codes[1]})
        assert response.status_code == 302
        db.session.expire_all()
        assert db.session.get(TwoFactor, user.id) is None


def test_new_recovery_codes_take_a_code_and_end_the_old_ones(client, make_user, with_app,
                                                             traveller):
    user = make_user()
    secret, old = with_app(user)
    log_in_with_password(client, user)
    client.post("/login/two-factor", data={"code": old[0]})
    response = client.post("/account/two-factor/recovery-codes", data={"code": "000000"})
    assert response.status_code == 200 and "Deze code werkt niet." in response.get_data(
        as_text=True)
    traveller.shift(STEP)
    response = client.post("/account/two-factor/recovery-codes",
                           data={"code": pyotp.TOTP(secret).now()})
    new = shown_codes(response.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    assert two_factor.recovery_codes_left(user) == 10
    client.post("/logout")
    log_in_with_password(client, user)
    assert client.post("/login/two-factor", data={"code": old[1]}).status_code == 200
    assert client.post("/login/two-factor", data={"code": new[1]}).status_code == 302


class TestRequiredForStaff:
    @pytest.fixture
    def app_settings(self):
        return {"TWO_FACTOR_FOR_STAFF": "required"}

    def test_a_manager_sets_it_up_first_and_a_resident_never_has_to(
            self, client, make_user, make_manager, traveller):
        resident = make_user("Ria")
        manager = make_manager("Mila", language="nl")
        # Appointed a manager later (a membership through people.roles): required as well.
        appointed = make_user("Omar")
        roles.appoint(appointed, appointed.neighbourhood, Role.MANAGER)
        db.session.commit()

        log_in_with_password(client, resident)
        assert client.get("/requests").status_code == 200
        assert client.get("/account/two-factor").status_code == 200   # optional for them
        client.post("/logout")

        for staff in (manager, appointed):
            assert log_in_with_password(client, staff).status_code == 302
            for page in ("/requests", "/manage", "/profile"):
                response = client.get(page)
                assert response.status_code == 302, page
                assert response.location.endswith("/account/two-factor"), page
            assert client.get("/healthz").status_code == 200
            page = client.get("/account/two-factor").get_data(as_text=True)
            assert "Deze site vraagt dit van buurtbeheerders en sitebeheerders." in page
            assert "Nu niet" not in page                # no way around it
            assert client.post("/logout").status_code == 302

        log_in_with_password(client, manager)
        secret = shown_secret(client.get("/account/two-factor").get_data(as_text=True))
        client.post("/account/two-factor/setup", data={"code": pyotp.TOTP(secret).now()})
        assert client.get("/requests").status_code == 200
        assert client.get("/manage").status_code == 200

    def test_a_resident_may_still_choose_it(self, client, make_user, traveller):
        resident = make_user()
        log_in_with_password(client, resident)
        page = client.get("/account/two-factor").get_data(as_text=True)
        assert "Nu niet" in page
        assert "Deze site vraagt dit" not in page


def test_the_setting_takes_only_its_two_values(database_url):
    for value in ("optional", "required"):
        assert create_app(test_settings(database_url, TWO_FACTOR_FOR_STAFF=value))
    with pytest.raises(ValueError, match="TWO_FACTOR_FOR_STAFF"):
        create_app(test_settings(database_url, TWO_FACTOR_FOR_STAFF="yes"))


class TestWithCsrf:
    @pytest.fixture
    def app_settings(self):
        return {"WTF_CSRF_ENABLED": True}

    @staticmethod
    def token(client, url):
        page = client.get(url).get_data(as_text=True)
        return page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]

    def test_every_two_step_form_needs_its_token(self, client, make_user, with_app,
                                                 traveller):
        user = make_user()
        secret, codes = with_app(user)
        traveller.shift(STEP)
        token = self.token(client, "/login")
        client.post("/login", data={"email": user.email, "password": PASSWORD,
                                    "csrf_token": token})
        code = pyotp.TOTP(secret).now()
        assert client.post("/login/two-factor", data={"code": code}).status_code == 400
        assert client.post("/login/two-factor",
                           data={"code": code, "csrf_token": token}).status_code == 302
        for url, data in (("/account/two-factor/recovery-codes", {"code": codes[0]}),
                          ("/account/two-factor/off", {"off-password": PASSWORD,
                                                       "off-code": codes[0]})):
            assert client.post(url, data=data).status_code == 400, url
        assert two_factor.recovery_codes_left(user) == 10 and two_factor.is_on(user)
        response = client.post("/account/two-factor/off", data={
            "off-password": PASSWORD, "off-code": codes[0], "csrf_token": token})
        assert response.status_code == 302
        db.session.expire_all()
        assert not two_factor.is_on(user)

        secret = shown_secret(client.get("/account/two-factor").get_data(as_text=True))
        code = pyotp.TOTP(secret).now()
        assert client.post("/account/two-factor/setup", data={"code": code}).status_code == 400
        db.session.expire_all()
        assert not two_factor.is_on(user)
        response = client.post("/account/two-factor/setup",
                               data={"code": code, "csrf_token": token})
        assert len(shown_codes(response.get_data(as_text=True))) == 10
        traveller.shift(STEP)
        response = client.post("/account/two-factor/recovery-codes", data={
            "code": pyotp.TOTP(secret).now(), "csrf_token": token})
        assert len(shown_codes(response.get_data(as_text=True))) == 10


class TestRateLimit:
    @pytest.fixture
    def app_settings(self):
        return {"RATELIMIT_ENABLED": True, "TWO_FACTOR_RATE_LIMIT": "3 per hour",
                "LOGIN_RATE_LIMIT": "100 per minute"}

    def test_wrong_codes_are_limited_per_account_from_every_address(
            self, client, make_user, with_app, traveller):
        user = make_user()
        other = make_user()
        secret, _ = with_app(user)
        other_secret, _ = with_app(other)
        traveller.shift(STEP)
        log_in_with_password(client, user)
        # A right code does not count against the limit.
        assert client.post("/login/two-factor",
                           data={"code": pyotp.TOTP(secret).now()}).status_code == 302
        client.post("/logout")
        for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
            log_in_with_password(client, user)
            response = client.post("/login/two-factor", data={"code": "000000"},
                                   environ_base={"REMOTE_ADDR": address})
            assert response.status_code == 200
        traveller.shift(STEP)
        response = client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).now()},
                               environ_base={"REMOTE_ADDR": "10.0.0.4"})
        assert response.status_code == 429
        assert not logged_in(client, user)
        # Another account has a count of its own.
        log_in_with_password(client, other)
        assert client.post("/login/two-factor",
                           data={"code": pyotp.TOTP(other_secret).now()}).status_code == 302


    def test_the_settings_page_shares_the_count(self, client, make_user, with_app,
                                                traveller):
        user = make_user()
        secret, codes = with_app(user)
        log_in_with_password(client, user)
        assert client.post("/login/two-factor", data={"code": "000000"}).status_code == 200
        assert client.post("/login/two-factor", data={"code": codes[0]}).status_code == 302
        response = client.post("/account/two-factor/off",
                               data={"off-password": PASSWORD, "off-code": "000000"})
        assert response.status_code == 200
        response = client.post("/account/two-factor/recovery-codes", data={"code": "000000"})
        assert response.status_code == 200
        traveller.shift(STEP)
        response = client.post("/account/two-factor/recovery-codes",
                               data={"code": pyotp.TOTP(secret).now()})
        assert response.status_code == 429
        assert two_factor.recovery_codes_left(user) == 9


def test_statements_on_the_two_step_pages_do_not_grow(client, make_user, with_app, login,
                                                      count_queries, traveller):
    def statements(url):
        with count_queries() as queries:
            assert client.get(url).status_code == 200, url
        return len(queries)

    def more_accounts_with_it():
        for _ in range(5):
            with_app(make_user())

    user = make_user()
    login(user)
    few = {"setup": statements("/account/two-factor")}
    more_accounts_with_it()
    many = {"setup": statements("/account/two-factor")}
    with_app(user)
    few["settings"] = statements("/account/two-factor")
    more_accounts_with_it()
    client.post("/login/two-factor")   # nothing waits: no effect
    many["settings"] = statements("/account/two-factor")
    client.post("/logout")
    log_in_with_password(client, user)
    few["second step"] = statements("/login/two-factor")
    more_accounts_with_it()
    two_factor.new_recovery_codes(user, clock.now())
    db.session.commit()
    many["second step"] = statements("/login/two-factor")
    assert many == few
    # The user, the app's settings and the header's unread counts; the settings page also
    # counts the recovery codes left. The second step reads only the waiting user.
    assert few == {"setup": 3, "settings": 4, "second step": 1}, few


def test_an_operator_turns_it_off_for_a_lost_phone(runner, client, make_user, with_app,
                                                   login):
    user = make_user(email="kees@example.com")
    other = make_user()
    with_app(user)
    with_app(other)
    result = runner.invoke(args=["buurt", "user", "two-factor-off", "--email", "Kees@example.com"])
    assert result.exit_code == 0, result.output
    assert "Two-step log-in is off for" in result.output
    db.session.expire_all()
    assert not two_factor.is_on(user) and two_factor.is_on(other)
    assert db.session.scalar(db.select(db.func.count(RecoveryCode.id)).filter_by(
        user_id=user.id)) == 0
    assert user.session_version == 1          # every session of theirs has ended
    assert log_in_with_password(client, user).location in ("/", "http://buurt.test/")
    again = runner.invoke(args=["buurt", "user", "two-factor-off", "--email", user.email])
    assert again.exit_code == 0 and "had no two-step log-in" in again.output
    unknown = runner.invoke(args=["buurt", "user", "two-factor-off", "--email", "x@example.com"])
    assert unknown.exit_code != 0 and "No account" in unknown.output
