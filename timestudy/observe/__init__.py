"""Observation studies: multitasking, interruptions, time-of-day profiles, reliability, budgets."""

from timestudy.observe.budgets import TimeBudget, time_budget
from timestudy.observe.concurrency import Multitasking, multitasking
from timestudy.observe.example import observation_example, second_observer
from timestudy.observe.interruptions import Interruptions, interruptions
from timestudy.observe.multi_observer import MultiObserverAgreement, multi_observer_agreement
from timestudy.observe.pairing import paired_sessions
from timestudy.observe.profiles import Tempogram, Transitions, tempogram, transitions
from timestudy.observe.reliability import ObserverAgreement, observer_agreement
from timestudy.observe.study import ObservationStudy, observation_study

__all__ = [
    "Interruptions",
    "MultiObserverAgreement",
    "Multitasking",
    "ObservationStudy",
    "ObserverAgreement",
    "Tempogram",
    "TimeBudget",
    "Transitions",
    "interruptions",
    "multi_observer_agreement",
    "multitasking",
    "observation_example",
    "observation_study",
    "observer_agreement",
    "paired_sessions",
    "second_observer",
    "tempogram",
    "time_budget",
    "transitions",
]
