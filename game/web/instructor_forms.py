"""The instructor's HTML forms (Flask-WTF: every one carries a CSRF token)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

MAX_ROUNDS = 12
GROUPING_CHOICES = [SelectChoice("random", "Random partners"),
                    SelectChoice("rotate", "Rotate: never the same partner twice while "
                                           "avoidable"),
                    SelectChoice("alliance", "Keep partners (alliance: cards and trust "
                                             "carry over)")]
ODD_CHOICES = [SelectChoice("bot", "A bot fills the empty seat"),
               SelectChoice("trio", "A trio, where the scenario has a third role"),
               SelectChoice("sit_out", "One trainee sits out (first in line next round)")]
DROPOUT_CHOICES = [SelectChoice("bot", "A bot takes the seat after the grace period"),
                   SelectChoice("instructor", "I decide (\u201cput a bot in this seat\u201d)")]


class LoginForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=80)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class LogoutForm(FlaskForm):
    """Only the CSRF token: logging out is a POST."""


class RoundForm(Form):
    """One row of the plan; a row without a scenario is skipped."""

    scenario = SelectField("Scenario", choices=[], validate_choice=False)
    minutes = IntegerField("Minutes", default=15,
                           validators=[Optional(), NumberRange(min=1, max=120)])
    grouping = SelectField("Grouping", choices=GROUPING_CHOICES, default="random")
    role_swap = BooleanField("Swap roles")


class CohortForm(FlaskForm):
    name = StringField("Cohort name", validators=[DataRequired(), Length(max=120)])
    rounds = FieldList(FormField(RoundForm), min_entries=3, max_entries=MAX_ROUNDS)
    odd_policy = SelectField("Odd number of trainees", choices=ODD_CHOICES, default="bot")
    dropout_policy = SelectField("A trainee drops out", choices=DROPOUT_CHOICES,
                                 default="bot")
    seat_limit = IntegerField("Seat limit", default=60,
                              validators=[InputRequired(), NumberRange(min=2, max=500)])

    def with_scenarios(self, scenarios: list[tuple[str, str]]) -> CohortForm:
        """Offer these (id, title) scenarios in every row, plus "no round"."""
        for row in self.rounds:
            row.form.scenario.choices = [SelectChoice("", "\u2014 no round \u2014"),
                                         *(SelectChoice(i, t) for i, t in scenarios)]
        return self

    def plan(self) -> list[dict[str, Any]]:
        """The plan for CohortService.create: rows with a scenario, in order."""
        return [{"scenario": row.form.scenario.data,
                 "duration_s": int(row.form.minutes.data or 15) * 60,
                 "grouping": row.form.grouping.data,
                 "role_swap": bool(row.form.role_swap.data)}
                for row in self.rounds if row.form.scenario.data]
