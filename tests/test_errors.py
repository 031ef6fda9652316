import pytest
from sqlalchemy import select

from netzwerk.extensions import db
from netzwerk.networks.models import Network

from . import factories


@pytest.mark.own_app
def test_a_failing_request_rolls_back_everything_it_wrote(app, client):
    @app.route("/_explode")
    def explode():
        db.session.add(Network(name="Halb geschrieben", slug="halb"))
        db.session.flush()
        raise RuntimeError("boom")

    response = client.get("/_explode")
    assert response.status_code == 500
    assert "Es wurde nichts gespeichert" in response.get_data(as_text=True)
    db.session.remove()
    assert db.session.scalar(select(Network).where(Network.slug == "halb")) is None


def test_malformed_ids_in_urls_are_not_found_not_errors(client):
    assert client.get("/n/ankommen/abc").status_code == 404
    assert client.get("/manage/veranstaltungen/99999999999999999999").status_code in (302, 404)


def test_a_refusal_shows_its_own_message_and_a_conflict_is_not_called_unexpected(signed_in, network):
    """abort(400, "…") said why, but every error page showed the generic text; a 409 even said "unexpected error"."""
    year = signed_in.get(f"/manage/netzwerke/{network.id}/dashboard?jahr=1800")
    assert year.status_code == 400 and "Bitte ein Jahr zwischen 2000 und 2100 angeben." in year.get_data(as_text=True)
    event = factories.create_event(network, status="cancelled")
    db.session.commit()
    conflict = signed_in.get(f"/manage/checkin/{event.id}/ohne-anmeldung")
    assert conflict.status_code == 409 and "unerwarteter Fehler" not in conflict.get_data(as_text=True)
