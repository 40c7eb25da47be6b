"""The leaders' figures page: counts for a period of ISO weeks, each chart beside its table."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    format_number,
    format_percent,
    get_locale,
    gettext,
    ngettext,
)
from markupsafe import Markup

from portal import clock, db
from portal.figures import charts, stats
from portal.staff.access import staff_required
from portal.staff.templating import KIND_LABELS

bp = Blueprint("figures", __name__, url_prefix="/staff/figures")


def kind_name(kind: str) -> str:
    """The kind in the reader's language."""
    return str(KIND_LABELS.get(kind, kind))


def week_label(monday: date) -> str:
    """'Week 10, 2041' (ISO week and ISO year)."""
    year, week, _day = monday.isocalendar()
    return str(gettext("Week %(week)s, %(year)s", week=week, year=year))


def age_band_label(band: str | None) -> str:
    """'10-13 years', or 'Not given'."""
    return str(gettext("%(band)s years", band=band) if band else gettext("Not given"))


def share_text(share: float | None) -> str:
    """A share as a percentage, or 'No data' when nothing could be counted."""
    return str(gettext("No data") if share is None else format_percent(share))


def hours(duration: timedelta) -> float:
    """A duration in hours."""
    return duration.total_seconds() / 3600


def duration_text(duration: timedelta | None) -> str:
    """A median time: hours (one decimal) under two days, then days; 'No data' for None."""
    if duration is None:
        return str(gettext("No data"))
    if hours(duration) < 48:
        return str(gettext("%(num)s hours", num=format_decimal(hours(duration), "#,##0.0")))
    return str(gettext("%(num)s days", num=format_decimal(hours(duration) / 24, "#,##0.0")))


def _hours_text(value: float) -> str:
    return duration_text(timedelta(hours=value))


def minutes_text(duration: timedelta | None) -> str:
    """A time to first opening: minutes under two hours, then as duration_text."""
    if duration is None:
        return str(gettext("No data"))
    if duration < timedelta(hours=2):
        minutes = max(0, round(duration.total_seconds() / 60))
        return str(ngettext("%(num)s minute", "%(num)s minutes", minutes))
    return duration_text(duration)


def month_label(first: date) -> str:
    """'December 2026'."""
    return str(format_date(first, "LLLL y"))


def _locale() -> str:
    """The reader's locale, as the charts write numbers for it."""
    return str(get_locale())


def _replies_chart(fig: stats.Figures, see_table: str) -> Markup | None:
    """Median hours to the first reply per kind; None when nothing has a reply yet."""
    replied = [(r.kind, r.median) for r in fig.replies if r.kind and r.median is not None]
    if not replied:
        return None
    everything = duration_text(fig.replies[-1].median)
    return charts.bar_chart(
        "chart-replies",
        locale=_locale(),
        title=gettext("Median time to first reply, by kind"),
        description=gettext("%(time)s for all kinds.", time=everything) + " " + see_table,
        table_id="table-replies",
        categories=[kind_name(kind) for kind, _median in replied],
        series=[
            charts.Series(
                gettext("Median time to first reply"), [hours(median) for _kind, median in replied]
            )
        ],
        value_text=_hours_text,
    )


def _charts(fig: stats.Figures, week_labels: list[str]) -> dict[str, Markup | None]:
    kinds = fig.kinds
    total_text = ngettext(
        "%(num)s inquiry in the period.", "%(num)s inquiries in the period.", fig.total
    )
    see_table = gettext("Every number is in the table next to the chart.")
    district_names = [name or gettext("No district yet") for _slug, name in fig.districts]
    return {
        "weekly": charts.column_chart(
            "chart-weekly",
            locale=_locale(),
            title=gettext("Inquiries per week, by kind"),
            description=f"{total_text} {see_table}",
            table_id="table-weekly",
            categories=week_labels,
            ticks=[str(d.isocalendar()[1]) for d in fig.period.week_dates],
            series=[charts.Series(kind_name(k), fig.by_week[k]) for k in kinds],
            axis_label=gettext("ISO week"),
        ),
        "districts": charts.bar_chart(
            "chart-districts",
            locale=_locale(),
            title=gettext("Inquiries by district and kind"),
            description=f"{total_text} {see_table}",
            table_id="table-districts",
            categories=district_names,
            series=[
                charts.Series(
                    kind_name(k),
                    [fig.by_district.get(slug, {}).get(k, 0) for slug, _ in fig.districts],
                )
                for k in kinds
            ],
        ),
        "deadlines": charts.share_chart(
            "chart-deadlines",
            locale=_locale(),
            title=gettext("Legal deadlines met"),
            description=see_table,
            table_id="table-deadlines",
            rows=[
                (gettext("Assessed within 24 hours"), fig.assessment.share),
                (gettext("Receipt within 6 working days"), fig.receipt.share),
            ],
            no_data=gettext("No data"),
        ),
        "replies": _replies_chart(fig, see_table),
        "consultations": charts.share_chart(
            "chart-consultations",
            locale=_locale(),
            title=gettext("Consultations closed with feedback to the child"),
            description=see_table,
            table_id="table-consultations",
            rows=[(gettext("Closed with feedback"), fig.consultations.share)],
            no_data=gettext("No data"),
        ),
        "safety": charts.column_chart(
            "chart-safety",
            locale=_locale(),
            title=gettext("Possible dangers flagged per month"),
            description=ngettext(
                "%(num)s possible danger in the last 12 months.",
                "%(num)s possible dangers in the last 12 months.",
                sum(m.flagged for m in fig.safety),
            )
            + " "
            + see_table,
            table_id="table-safety",
            categories=[month_label(m.month) for m in fig.safety],
            ticks=[format_date(m.month, "LLL") for m in fig.safety],
            series=[charts.Series(gettext("Flagged"), [m.flagged for m in fig.safety])],
            axis_label=gettext("Month"),
        ),
        "ages": charts.bar_chart(
            "chart-ages",
            locale=_locale(),
            title=gettext("Participation by age band"),
            description=see_table,
            table_id="table-ages",
            categories=[age_band_label(band) for band, _ in fig.age_bands],
            series=[charts.Series(gettext("Children"), [n for _, n in fig.age_bands])],
        ),
    }


@bp.route("")
@staff_required("leader")
def overview() -> ResponseReturnValue:
    weeks = stats.weeks_from(request.args.get("weeks"))
    fig = stats.figures(db.session(), clock.now(), weeks)
    week_labels = [week_label(d) for d in fig.period.week_dates]
    context: dict[str, Any] = {
        "fig": fig,
        "weeks": weeks,
        "period_weeks": stats.PERIOD_WEEKS,
        "week_rows": list(zip(week_labels, fig.week_totals, strict=True)),
        "charts": _charts(fig, week_labels),
        "period_text": gettext(
            "From %(start)s to now, %(end)s",
            start=format_date(fig.period.start, "EEEE d MMMM y"),
            end=format_datetime(fig.period.end, "d MMMM y HH:mm"),
        ),
        "number": format_number,
        "share_text": share_text,
        "age_band_label": age_band_label,
        "duration_text": duration_text,
        "minutes_text": minutes_text,
        "month_label": month_label,
    }
    return render_template("figures/overview.html", **context)
