"""gunicorn's settings for netzwerk, read from the working directory (`gunicorn app:app`)."""
from gunicorn.glogging import Logger

from netzwerk.common.incoming import without_secrets

# The access log keeps the path (%(U)s) without the query string and leaves out the referrer: names typed into
# the workspace searches (?q=) must not stay in log files after the person is erased (issue 12).
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"'


class PrivateLinkLogger(Logger):
    """Access log lines name a private link's page but not its secret."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = without_secrets(atoms["U"])
        return atoms


logger_class = PrivateLinkLogger
