"""Views of registrations by audience; each module creates its blueprint, which the package's init_app registers."""
