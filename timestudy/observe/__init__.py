"""Observation studies: multitasking, interruptions, time-of-day profiles, reliability, budgets."""

from timestudy.observe.budgets import TimeBudget, time_budget
from timestudy.observe.concurrency import Multitasking, multitasking
from timestudy.observe.interruptions import Interruptions, interruptions
from timestudy.observe.profiles import Tempogram, Transitions, tempogram, transitions

__all__ = [
    "Interruptions",
    "Multitasking",
    "Tempogram",
    "TimeBudget",
    "Transitions",
    "interruptions",
    "multitasking",
    "tempogram",
    "time_budget",
    "transitions",
]
