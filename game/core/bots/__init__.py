"""The bot negotiator: offering policy, acceptance condition, opponent model, personas.

Standard library only. A bot sees exactly one member view (`game.core.views.member_view`)
and its memory of earlier views, and answers with a Decision in the protocol's shape.
"""

from game.core.bots.personas import PERSONAS, Persona, persona
from game.core.bots.policy import Decision, Memory, decide, observe, to_command

__all__ = ["PERSONAS", "Decision", "Memory", "Persona", "decide", "observe", "persona",
           "to_command"]
