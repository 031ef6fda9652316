"""Coordinators: the list of series, a new series with its dates, a series' dates with their registrations."""
from babel.dates import get_day_names
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ...common.access import get_managed_or_404, only_managed, protect_blueprint
from ...common.choices import as_choices
from ...common.views import render_form
from ...events.models import Event
from ...extensions import db
from ...networks.access import offer_managed_networks
from ..forms import MoreDatesForm, SeriesForm
from ..models import EventSeries
from ..recurrence import MAX_DATES, TooManyDates
from ..services import add_dates, create_series, dates_with_counts, just_created, next_dates

bp = Blueprint("series_admin", __name__, url_prefix="/manage")
protect_blueprint(bp)


@bp.route("/reihen")
def index():
    stmt = (only_managed(select(EventSeries), EventSeries.network_id, current_user)
            .options(selectinload(EventSeries.network)).order_by(EventSeries.title))
    return render_template("series/index.html", series_list=db.session.scalars(stmt).all())


@bp.route("/reihen/neu", methods=["GET", "POST"])
def new():
    form = SeriesForm()
    offer_managed_networks(form, current_user)
    form.weekday.choices = as_choices(list(get_day_names("wide", locale=str(get_locale() or "de")).items()))
    if form.validate_on_submit():
        if (earlier := just_created(form.series_data())) is not None:
            flash(_("Diese Reihe ist eben schon angelegt worden und wurde nicht noch einmal angelegt."), "info")
            return redirect(url_for("series_admin.detail", series_id=earlier.id))
        try:
            series, events = create_series(form.series_data(), user=current_user)
        except TooManyDates:
            db.session.rollback()
            form.count.errors.append(_("Diese Regel ergibt mehr als %(max)d Termine. Bitte ein früheres Enddatum oder "
                                       "weniger Termine wählen.", max=MAX_DATES))
            return render_form("series/form.html", form)
        if not events:
            db.session.rollback()
            form.until.errors.append(_("Diese Regel ergibt keinen Termin. Bitte Beginn und Ende prüfen."))
            return render_form("series/form.html", form)
        db.session.commit()
        flash(_("Die Reihe „%(title)s“ wurde mit %(count)d Terminen angelegt.", title=series.title,
                count=len(events)), "success")
        return redirect(url_for("series_admin.detail", series_id=series.id))
    return render_form("series/form.html", form)


@bp.route("/reihen/<int:series_id>", methods=["GET", "POST"])
def detail(series_id: int):
    series = get_managed_or_404(EventSeries, series_id, current_user)
    form = MoreDatesForm(known=str(_date_count(series.id)))
    if form.validate_on_submit():
        db.session.execute(select(EventSeries.id).where(EventSeries.id == series.id).with_for_update())
        if form.known.data != str(known := _date_count(series.id)):
            form.known.data = str(known)  # a further click now adds dates on purpose
            form.count.errors.append(_("Inzwischen sind schon weitere Termine angelegt worden (ein zweiter Klick?). "
                                       "Bitte prüfen Sie die Liste und legen Sie dann bei Bedarf noch einmal an."))
            return render_template("series/detail.html", form=form, series=series,
                                   rows=dates_with_counts(series)), 409
        events = add_dates(series, next_dates(series, form.count.data), publish=form.publish.data)
        db.session.commit()
        flash(_("%(count)d weitere Termine angelegt.", count=len(events)), "success")
        return redirect(url_for("series_admin.detail", series_id=series.id))
    return render_form("series/detail.html", form, series=series, rows=dates_with_counts(series))


def _date_count(series_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Event).where(Event.series_id == series_id))
