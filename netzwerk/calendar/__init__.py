"""Calendar files: iCalendar (RFC 5545) for events; later personal feeds."""
