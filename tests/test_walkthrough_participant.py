"""A participant's walk on a phone, in Ukrainian, Turkish, Persian and German: find a meeting, register, read the
mail, open the private page, change, switch, download, subscribe, cancel. What it found, as stories."""
import re

from netzwerk.extensions import db

from . import factories
from .conftest import csrf_from


def _summary(html: str) -> str:
    return re.search(r'<div class="alert alert-danger error-summary".*?</div>', html, re.S).group(0)


def test_the_error_summary_lists_the_missing_consent_and_a_wrong_address_too(client, network):
    """Only "Nachname" was listed: the messages given with _l() were left out of the summary, so a participant
    looked for one mistake and missed the unticked consent further down."""
    event = factories.create_event(network)
    db.session.commit()
    url = f"/n/{network.slug}/{event.id}/anmelden?lang=uk"
    token = csrf_from(client.get(url).get_data(as_text=True))

    html = client.post(url, data={"csrf_token": token, "given_name": "Олена", "email": "olena@"}).get_data(as_text=True)

    summary = _summary(html)
    assert 'href="#family_name"' in summary
    assert 'href="#email"' in summary and 'href="#consent"' in summary, summary
    assert "Без вашої згоди" in summary
