import pytest
from sqlalchemy import select

from netzwerk.extensions import db
from netzwerk.networks.models import Network


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
