"""The leaders' figures on children's participation: charts with tables per month and
district, and the same tables as CSV. Reading and exporting are audited.

The page and the CSV are made from the same tables (``tables``), so a group of fewer than
five answers to "did you feel heard?" is hidden in both alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import Response, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import format_date, format_datetime, format_number, gettext, lazy_gettext
from markupsafe import Markup

from portal import clock, db
from portal.current import run
from portal.figures import charts
from portal.figures import participation as stats
from portal.figures.stats import DeadlineShare
from portal.figures.views import _locale, age_band_label, bp, month_label, share_text
from portal.security.spreadsheets import csv_text
from portal.staff import audit
from portal.staff.access import staff_required
from portal.working_days import TZ

FORM_LABELS = {
    "child_conversation": lazy_gettext("Conversation with the child"),
    "observation": lazy_gettext("Observation"),
    "portal_answer": lazy_gettext("Answer in the portal"),
    "network_meeting": lazy_gettext("Network meeting with the child"),
    stats.OWN_INQUIRY: lazy_gettext("The child's own inquiry in the portal"),
}
ROUTE_LABELS = {
    "child": lazy_gettext("Child or young person"),
    "parent": lazy_gettext("Parent"),
    "professional": lazy_gettext("Professional"),
    "citizen": lazy_gettext("Citizen"),
}
QUESTION_LABELS = {
    "said_what_wanted": lazy_gettext("Did you get to say what you wanted?"),
    "listened": lazy_gettext("Did the adults listen?"),
    "understood": lazy_gettext("Do you understand what was decided and why?"),
}


@dataclass(frozen=True)
class Share:
    """A share cell: shown as a percentage; None when nothing was counted."""

    value: float | None


Cell = int | Share


@dataclass(frozen=True)
class Row:
    header: str
    cells: Sequence[Cell]
    hidden: str | None = None  # instead of the cells: why they are not shown


@dataclass(frozen=True)
class Table:
    id: str  # the table's id in the page, and its name in the CSV
    caption: str
    head: Sequence[str]  # the first is over the row headers
    rows: Sequence[Row]


def _share(part: int, whole: int) -> Share:
    return Share(part / whole if whole else None)


def _groups(found: stats.Participation) -> list[tuple[str, str, list[Any]]]:
    """(id part, first column's header, [(key, label)]) for the months and the districts."""
    months = [(i, month_label(first)) for i, first in enumerate(found.months.firsts)]
    places = [(slug, name or gettext("No district yet")) for slug, name in found.districts]
    return [("month", gettext("Month"), months), ("district", gettext("District"), places)]


def _deadline_row(label: str, share: DeadlineShare | None) -> Row:
    share = share or DeadlineShare(0, 0, 0, 0)
    return Row(label, [share.on_time, share.late, share.overdue, share.running, Share(share.share)])


def _bisidder_row(label: str, counts: tuple[int, int]) -> Row:
    children, offered = counts
    return Row(label, [children, offered, _share(offered, children)])


def _counts_row(label: str, counts: Sequence[int]) -> Row:
    """The counts and their total."""
    return Row(label, [*counts, sum(counts)])


def _felt_heard(found: stats.Participation) -> list[Table]:
    """One table per question and breakdown; a group under MIN_ANSWERS is hidden (and one
    more, where only one would be: portal.figures.participation.hidden)."""
    fewer = gettext("Fewer than 5 answers")
    head_answers = [gettext("Yes"), gettext("A bit"), gettext("No"), gettext("Answers")]
    tables = []
    for q, question in enumerate(stats.QUESTIONS):
        for part, first, groups in _groups(found):
            split = found.felt_heard.by_month if part == "month" else found.felt_heard.by_district
            answers = [stats.answers_of(split.get(key, ()))[q] for key, _label in groups]
            hide = stats.hidden([a.count for a in answers])
            rows = [
                Row(label, [a.yes, a.partly, a.no, a.count], fewer if h else None)
                for (_key, label), a, h in zip(groups, answers, hide, strict=True)
            ]
            everything = stats.answers_of(found.felt_heard.total)[q]
            total = [everything.yes, everything.partly, everything.no, everything.count]
            too_few = everything.count < stats.MIN_ANSWERS
            rows.append(Row(gettext("All"), total, fewer if too_few else None))
            tables.append(
                Table(
                    f"table-heard-{question.replace('_', '-')}-{part}",
                    f"{QUESTION_LABELS[question]} ({first})",
                    [first, *head_answers],
                    rows,
                )
            )
    return tables


def tables(found: stats.Participation) -> dict[str, list[Table]]:
    """Every table of the page, by section."""
    out: dict[str, list[Table]] = {"decisions": [], "told": [], "bisidder": [], "routes": []}
    for part, first, groups in _groups(found):
        decided = found.decisions.by_month if part == "month" else found.decisions.by_district
        rows = []
        for key, label in groups:
            view, not_heard, neither = decided.get(key, (0, 0, 0))
            rows.append(
                Row(label, [view, not_heard, neither, _share(view, view + not_heard + neither)])
            )
        out["decisions"].append(
            Table(
                f"table-decisions-{part}",
                gettext("Final decisions and the child's view, by %(by)s", by=first.lower()),
                [first, gettext("With the child's view before"),
                 gettext("Not heard, with a reason"), gettext("Neither recorded"),
                 gettext("Share with the child's view")],
                rows,
            )
        )  # fmt: skip
        out["told"].append(
            Table(
                f"table-told-{part}",
                gettext("Feedback to the child and the day of the decision, by %(by)s",
                        by=first.lower()),
                [first, gettext("Told by the day of the decision"), gettext("Told later"),
                 gettext("Not told, the day is over"), gettext("Not told yet, the same day"),
                 gettext("Share told by the day of the decision")],
                [_deadline_row(label, found.told.get(key)) for key, label in groups],
            )
        )  # fmt: skip
        out["bisidder"].append(
            Table(
                f"table-bisidder-{part}",
                gettext("Children offered a bisidder, by %(by)s", by=first.lower()),
                [first, gettext("Children with a participation note"),
                 gettext("Offered a bisidder"), gettext("Share offered a bisidder")],
                [_bisidder_row(label, found.bisidder.get(key, (0, 0))) for key, label in groups],
            )
        )  # fmt: skip
        routed = found.routes.by_month if part == "month" else found.routes.by_district
        out["routes"].append(
            Table(
                f"table-routes-{part}",
                gettext("Inquiries by route, by %(by)s", by=first.lower()),
                [first, *(str(ROUTE_LABELS[r]) for r in stats.ROUTES), gettext("Total")],
                [_counts_row(label, routed.get(key, (0,) * len(stats.ROUTES)))
                 for key, label in groups],
            )
        )  # fmt: skip
    bands = stats.age_rows(found.forms)
    out["forms"] = [
        Table(
            "table-forms",
            gettext("Forms of participation, by age band"),
            [gettext("Age band"), *(str(FORM_LABELS[f]) for f in stats.FORMS), gettext("Total")],
            [_counts_row(age_band_label(band), [found.forms.get((band, f), 0) for f in stats.FORMS])
             for band in bands],
        )
    ]  # fmt: skip
    out["heard"] = _felt_heard(found)
    return out


def cell_text(cell: Cell) -> str:
    """A cell as the page shows it, in the reader's language."""
    return share_text(cell.value) if isinstance(cell, Share) else str(format_number(cell))


def _cell_csv(cell: Cell) -> str:
    if isinstance(cell, Share):
        return "" if cell.value is None else f"{cell.value:.4f}"
    return str(cell)


def _charts(found: stats.Participation, all_tables: dict[str, list[Table]]) -> dict[str, Markup]:
    see_table = gettext("Every number is in the table next to the chart.")
    labels = [month_label(first) for first in found.months.firsts]
    shares = {name: [row.cells[-1] for row in all_tables[name][0].rows] for name in
              ("decisions", "told", "bisidder")}  # fmt: skip
    titles = {
        "decisions": gettext("Share of final decisions with the child's view before them"),
        "told": gettext("Share of feedback to the child by the day of the decision"),
        "bisidder": gettext("Share of children offered a bisidder"),
    }
    made = {
        name: charts.share_chart(
            f"chart-{name}",
            locale=_locale(),
            title=titles[name],
            description=see_table,
            table_id=f"table-{name}-month",
            rows=[(label, s.value if isinstance(s, Share) else None)
                  for label, s in zip(labels, shares[name], strict=True)],
            no_data=gettext("No data"),
        )
        for name in titles
    }  # fmt: skip
    made["routes"] = charts.column_chart(
        "chart-routes",
        locale=_locale(),
        title=gettext("Inquiries by route, per month"),
        description=see_table,
        table_id="table-routes-month",
        categories=labels,
        ticks=[format_date(first, "LLL") for first in found.months.firsts],
        series=[
            charts.Series(str(ROUTE_LABELS[r]), [found.routes.by_month.get(i, (0,) * 4)[n]
                          for i in range(len(labels))])
            for n, r in enumerate(stats.ROUTES)
        ],
        axis_label=gettext("Month"),
    )  # fmt: skip
    bands = stats.age_rows(found.forms)
    made["forms"] = charts.bar_chart(
        "chart-forms",
        locale=_locale(),
        title=gettext("Forms of participation, by age band"),
        description=see_table,
        table_id="table-forms",
        categories=[age_band_label(band) for band in bands],
        series=[charts.Series(str(FORM_LABELS[f]), [found.forms.get((b, f), 0) for b in bands])
                for f in stats.FORMS],
    )  # fmt: skip
    return made


@bp.route("/participation")
@staff_required("leader")
def participation() -> ResponseReturnValue:
    count = stats.months_from(request.args.get("months"))
    found = stats.participation(db.session(), clock.now(), count)
    run(audit.log, "read_figures", detail=f"participation, {count} months")
    all_tables = tables(found)
    return render_template(
        "figures/participation.html",
        found=found,
        months=count,
        period_months=stats.PERIOD_MONTHS,
        tables=all_tables,
        charts=_charts(found, all_tables),
        cell_text=cell_text,
        period_text=gettext(
            "From %(start)s to now, %(end)s",
            start=format_date(found.months.start, "d MMMM y"),
            end=format_datetime(found.months.end, "d MMMM y HH:mm"),
        ),
    )


@bp.route("/participation/export")
@staff_required("leader")
def participation_csv() -> ResponseReturnValue:
    """Every table of the page as rows of (table, group, measure, value), for spreadsheets;
    hidden groups say so instead of their numbers. The export is audited."""
    count = stats.months_from(request.args.get("months"))
    found = stats.participation(db.session(), clock.now(), count)
    rows = []
    for section in tables(found).values():
        for table in section:
            for row in table.rows:
                for measure, cell in zip(table.head[1:], row.cells, strict=True):
                    value = row.hidden if row.hidden else _cell_csv(cell)
                    rows.append([table.id, table.caption, row.header, measure, value])
    run(audit.log, "figures_exported", detail=f"participation, {count} months")
    stamp = clock.now().astimezone(TZ).strftime("%Y%m%d-%H%M")
    return Response(
        csv_text(["table", "caption", "group", "measure", "value"], rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="participation-{stamp}.csv"'},
    )
