"""Parameters of the simulated study: case rhythms, task durations and the words workers use.

Every number here is a documented modelling choice, tuned so that the simulated
diaries land inside the published England bands listed in ``../shared/DOMAIN.md``
(direct contact 15-30% of working time, recording plus admin 40-65%, travel
10-15%, about 45 hours worked against 37 contracted, 16-18 cases per FTE).
"""

from __future__ import annotations

# Task types of the default taxonomy and their category. The simulator labels
# every episode with one of these; the taxonomy ``uk_children_social_work``
# must map the free text back to them.
TASK_CATEGORY: dict[str, str] = {
    # direct work: contact with the child, family or carers
    "statutory_visit": "direct_work",
    "unannounced_visit": "direct_work",
    "direct_work_session": "direct_work",
    "assessment_visit": "direct_work",
    "s47_enquiry": "direct_work",
    "initial_cp_conference": "direct_work",
    "review_cp_conference": "direct_work",
    "core_group": "direct_work",
    "cin_review": "direct_work",
    "cla_review": "direct_work",
    "plo_meeting": "direct_work",
    "court_hearing": "direct_work",
    "family_contact": "direct_work",
    # recording
    "case_notes": "recording",
    "assessment_writeup": "recording",
    "court_statement": "recording",
    "care_plan": "recording",
    "chronology": "recording",
    "conference_report": "recording",
    "referral": "recording",
    # travel
    "travel": "travel",
    # admin (case-linked and not)
    "strategy_meeting": "admin",
    "professional_liaison": "admin",
    "supervision": "admin",
    "team_meeting": "admin",
    "training": "admin",
    "email_admin": "admin",
    "it_problems": "admin",
    "payments": "admin",
    # not work
    "break": "non_work",
    "leave": "non_work",
    "sickness": "non_work",
}

CASE_TYPES = ("CIN", "CP", "CLA", "PROCEEDINGS")
CASE_MIX = {"CIN": 0.36, "CP": 0.30, "CLA": 0.25, "PROCEEDINGS": 0.09}

# Rhythms: mean interval in working days between events of a task type on a case.
# CP visits every 10 working days, CLA about every 6 weeks, CIN about monthly.
RHYTHMS: dict[str, dict[str, float]] = {
    "CIN": {"statutory_visit": 20, "cin_review": 60, "direct_work_session": 90, "chronology": 80},
    "CP": {
        "statutory_visit": 10,
        "core_group": 20,
        "review_cp_conference": 90,
        "conference_report": 90,
        "direct_work_session": 60,
        "chronology": 50,
    },
    "CLA": {"statutory_visit": 30, "cla_review": 90, "direct_work_session": 90, "care_plan": 60, "chronology": 60},
    "PROCEEDINGS": {
        "statutory_visit": 10,
        "core_group": 20,
        "court_statement": 30,
        "court_hearing": 30,
        "care_plan": 30,
        "plo_meeting": 60,
        "chronology": 30,
    },
}
# Pieces of writing are done in several sittings on different days: (fewest sittings,
# most sittings, most weekdays between one sitting and the next). Each sitting takes
# BASE_MINUTES; the gaps stay within the taxonomy's link_within_days (10 working days
# for a statement, 7 for an assessment write-up, 5 for a report or plan, 4 for a
# chronology) unless a busy diary moves a sitting further.
SITTINGS: dict[str, tuple[int, int, int]] = {
    "court_statement": (2, 5, 3),
    "assessment_writeup": (2, 3, 3),
    "conference_report": (1, 3, 2),
    "care_plan": (1, 2, 2),
    "chronology": (1, 2, 1),
}
# The diary sees a stationary flow of work: pieces are generated from LEAD_WEEKS before
# the diary to TAIL_WEEKS after it, so pieces are open at both edges.
LEAD_WEEKS = 4
TAIL_WEEKS = 3
# New cases opened per week, as a share of the caseload (about 8% over four weeks).
NEW_CASES_PER_WEEK = 0.02
# Cover: a visit due while its holder is away is done by a colleague of the team with
# this probability (otherwise it waits); a small share of other visits is covered too.
COVER_WHEN_AWAY = 0.5
COVER_SHARE = 0.02
COVER_TASKS = ("statutory_visit", "unannounced_visit", "direct_work_session")
# Case notes are written up the next working day instead of the same day this often.
NOTES_NEXT_DAY = 0.12
# A closing case gets a closure summary this many weekdays after it closed (uniform).
CLOSURE_SUMMARY_DAYS = (1, 5)
# Extra rhythm for any case in proceedings (CLA on interim care orders too).
PROCEEDINGS_EXTRA = {"court_statement": 30, "court_hearing": 30}
# Share of statutory visits that are unannounced (CP and proceedings only).
UNANNOUNCED_SHARE = 0.2
# Daily rates per case: liaison grows with the professionals involved.
LIAISON_RATE_PER_PROFESSIONAL = 0.015
FAMILY_CONTACT_RATE = 0.025
REFERRAL_RATE = 0.008
# New cases opened during the diary: their opening work, in order, a few days apart.
OPENING_WORK = {
    "CIN": ["assessment_visit", "assessment_writeup"],
    "CP": ["strategy_meeting", "s47_enquiry", "assessment_writeup", "initial_cp_conference"],
    "CLA": ["assessment_visit", "care_plan"],
    "PROCEEDINGS": ["plo_meeting", "court_statement"],
}

# Base direct minutes of a task at worker speed 1.0, and extra minutes per child beyond the first.
BASE_MINUTES: dict[str, tuple[float, float]] = {
    "statutory_visit": (42, 15),
    "unannounced_visit": (45, 12),
    "direct_work_session": (60, 15),
    "assessment_visit": (100, 25),
    "s47_enquiry": (130, 25),
    "initial_cp_conference": (140, 15),
    "review_cp_conference": (100, 10),
    "core_group": (60, 10),
    "cin_review": (60, 10),
    "cla_review": (80, 10),
    "plo_meeting": (100, 0),
    "court_hearing": (180, 0),
    "family_contact": (22, 4),
    "case_notes": (38, 12),
    "assessment_writeup": (120, 25),
    "court_statement": (120, 20),
    "care_plan": (120, 20),
    "chronology": (60, 15),
    "conference_report": (80, 10),
    "referral": (45, 0),
    "strategy_meeting": (60, 0),
    "professional_liaison": (22, 0),
}
# Minutes of case notes written after each task that brings recording with it.
LINKED_NOTES = {
    "statutory_visit": 1.0,
    "unannounced_visit": 0.8,
    "direct_work_session": 1.0,
    "assessment_visit": 1.2,
    "s47_enquiry": 1.3,
    "initial_cp_conference": 0.7,
    "review_cp_conference": 0.6,
    "core_group": 0.7,
    "cin_review": 0.6,
    "cla_review": 0.6,
    "plo_meeting": 0.6,
    "court_hearing": 0.8,
    "strategy_meeting": 0.6,
}
# Where the task happens: "home" (the child's home or placement: travel_miles away),
# "venue" (school, clinic or conference venue: a short trip), "court", or "office".
LOCATION: dict[str, str] = {
    "statutory_visit": "home",
    "unannounced_visit": "home",
    "direct_work_session": "home",
    "assessment_visit": "home",
    "s47_enquiry": "home",
    "core_group": "venue",
    "cin_review": "venue",
    "cla_review": "home",
    "court_hearing": "court",
}
VENUE_MILES = (2.0, 8.0)  # uniform range for school or clinic venues
COURT_MILES = 14.0
# Travel time one way: minutes = TRAVEL_FIXED + TRAVEL_PER_MILE * miles, times lognormal noise.
TRAVEL_FIXED = 8.0
TRAVEL_PER_MILE = 1.5
DURATION_SD = 0.25  # lognormal sd of task durations
TRAVEL_SD = 0.15
SPEED_SD = 0.12  # lognormal sd of the worker speed effect

# Non-case work of a worker, per working day (rate) or per week on a fixed weekday.
NON_CASE_DAILY = {  # task: (probability per day, mean minutes)
    "email_admin": (1.0, 45),
    "training": (0.08, 180),
    "it_problems": (0.10, 30),
    "payments": (0.12, 30),
}
TEAM_MEETING_MINUTES = 90
SUPERVISION_EVERY_WEEKS = {"social_worker": 4, "senior_practitioner": 4, "asye": 2}
SUPERVISION_MINUTES = 90
LUNCH_MINUTES = (20, 40)
LEAVE_DAY_PROB = 0.04
SICK_DAY_PROB = 0.012
CONTRACT_HOURS_FULL_TIME = 37.0

ROLES = {"social_worker": 0.62, "senior_practitioner": 0.2, "asye": 0.18}
ROLE_CASELOAD = {"social_worker": 1.0, "senior_practitioner": 1.05, "asye": 0.7}
CASES_PER_FTE = 19.0
TEAMS = ("North", "South", "East", "West", "Central", "Disabled Children")

# Default working hours for out-of-hours accounting (weekdays).
WORK_DAY_START = "08:00"
WORK_DAY_END = "18:00"
DIARY_DAY_START_HOUR = 4

# --- the words workers use -------------------------------------------------------
SURNAMES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Khan", "Ahmed", "Hussain",
    "Begum", "Ali", "Kowalski", "Nowak", "O'Brien", "Murphy", "Okafor", "Mensah", "Campbell",
)
PLACES = (
    "Leeds", "Bradford", "Wakefield", "Halifax", "Huddersfield", "Harrogate", "York", "Doncaster",
    "Sheffield", "Manchester", "Hull", "Scarborough", "Blackpool", "Newcastle", "Birmingham",
)
SCHOOLS = ("St Mary's", "Oakwood Academy", "Parkside Primary", "Hillcrest", "Moorside High")
PROFESSIONALS = ("school", "health visitor", "GP", "police", "CAMHS", "school nurse", "DSL",
                 "YOT", "housing", "midwife", "IRO", "guardian", "solicitor")
SYSTEMS = ("LCS", "Mosaic", "Liquidlogic", "Eclipse", "CareFirst")

# Templates per task type; {n} surname, {p} place, {s} school, {pro} professional,
# {sys} case recording system. Several spellings and abbreviations each.
PHRASES: dict[str, tuple[str, ...]] = {
    "statutory_visit": ("SV - {n}", "Statutory visit {n} family", "stat visit to {n} children",
                        "home visit - {n} (CP)", "CLA visit {n}", "CIN visit to {n} family",
                        "visit to YP at placement ({n})", "SV {n} kids", "statutory home visit"),
    "unannounced_visit": ("unannounced visit - {n}", "UV {n}", "unannounced HV {n} family",
                          "unannounced home visit"),
    "direct_work_session": ("direct work with {n} child", "DW session - {n}", "life story work {n}",
                            "direct work - YP {n}", "1:1 session with child ({n})"),
    "assessment_visit": ("assessment visit {n}", "C&F assessment visit - {n}",
                         "single assessment visit {n} family", "visit for assessment ({n})"),
    "s47_enquiry": ("s47 visit {n}", "S.47 enquiry - {n}", "section 47 interviews {n} children",
                    "joint s47 with police - {n}"),
    "initial_cp_conference": ("ICPC {n}", "initial child protection conference - {n}",
                              "ICPC for {n} children", "initial CP conf {n}"),
    "review_cp_conference": ("RCPC {n}", "review child protection conference - {n}",
                             "review CP conf {n}", "RCPC - {n} family"),
    "core_group": ("core group {n}", "core group meeting - {n} ({s})", "CG mtg {n}",
                   "core grp {n} family"),
    "cin_review": ("CIN review {n}", "CIN review meeting - {n} at {s}", "child in need review {n}"),
    "cla_review": ("CLA review {n}", "LAC review - {n}", "looked after review with IRO {n}",
                   "CLA review YP {n}"),
    "plo_meeting": ("PLO meeting {n}", "pre-proceedings meeting - {n}", "PLO mtg with parents {n}"),
    "court_hearing": ("court - {n}", "court hearing {n} (IRH)", "CMH {n} family court",
                      "final hearing {n}", "attend court {n}"),
    "family_contact": ("phone call with mum ({n})", "call to dad - {n}", "tel call carer {n}",
                       "video call with YP {n}", "phoned foster carer re {n}"),
    "case_notes": ("case notes {n}", "writing up visit - {n}", "recording on {sys} - {n}",
                   "inputting case notes", "write up SV {n}", "case recording {n}"),
    "assessment_writeup": ("writing C&F assessment {n}", "assessment write up - {n}",
                           "single assessment {n} on {sys}", "writing up C&F"),
    "court_statement": ("court statement {n}", "SWET {n}", "writing statement for court - {n}",
                        "SWET for {n} final hearing"),
    "care_plan": ("care plan {n}", "updating care plan - {n}", "CP plan update {n}",
                  "pathway plan {n}"),
    "chronology": ("chronology {n}", "updating chronology - {n}", "chron {n}"),
    "conference_report": ("report for conference {n}", "conf report - {n}", "RCPC report {n}",
                          "writing report for CLA review {n}"),
    "referral": ("referral to CAMHS {n}", "referral - early help {n}", "completing referral {n}"),
    "travel": ("travel", "travel to {p}", "driving to {n} visit", "travelling",
               "drive to {p}", "travel to visit"),
    "strategy_meeting": ("strategy meeting {n}", "strat mtg - {n}", "strategy discussion {n}",
                         "strategy meeting with police ({n})"),
    "professional_liaison": ("liaison with {pro} re {n}", "call to {pro} - {n}",
                             "emails to {pro} about {n}", "spoke to {pro} re {n}",
                             "liaising with {s} re {n}"),
    "supervision": ("supervision", "supervision with manager", "1:1 supervision", "supervision - TM"),
    "team_meeting": ("team meeting", "team mtg", "weekly team meeting", "service meeting"),
    "training": ("training", "training - {sys}", "safeguarding training", "ASYE training day",
                 "e-learning"),
    "email_admin": ("emails", "email", "admin", "checking emails", "general admin", "inbox"),
    "it_problems": ("IT problems", "laptop not working", "{sys} down", "IT helpdesk call",
                    "password reset"),
    "payments": ("payments", "s17 payment request", "arranging payment for family",
                 "placement paperwork / payments"),
    "break": ("lunch", "break", "lunch break"),
    "leave": ("annual leave", "AL", "leave"),
    "sickness": ("sick", "sickness", "off sick"),
}
# Other words for a task type, by the phrase key the generator gives: case notes written
# after a case closed (task type case_notes).
PHRASE_VARIANTS: dict[str, tuple[str, ...]] = {
    "closure_summary": ("closure summary {n}", "case closure recording - {n}",
                        "closing summary {n}"),
}

# Travel is written by where it goes: out to a home, a court or a school, or back.
TRAVEL_PHRASES = {
    "home": PHRASES["travel"],
    "court": ("travel to court", "drive to court", "travel to {p} court", "travel"),
    "venue": ("travel to {s}", "drive to school for meeting", "travel to meeting", "travel"),
    "back": ("travel back to office", "travel from {p}", "return journey", "travel back",
             "drive back", "travelling"),
    "train": ("train to {p}", "train journey", "travel by train to {p}"),
    "train_back": ("train back from {p}", "train home", "travel back by train"),
}
# Diaries are not tidy: a share of texts carry a typo, and a few say almost nothing.
TYPO_SHARE = 0.02
VAGUE_SHARE = 0.004
VAGUE_TEXTS = ("misc", "catch up", "various", "bits and bobs", "sorting stuff", "other work")

# Activity codes a council's drop-down might use; about a third of episodes carry one.
CODES: dict[str, str] = {
    "statutory_visit": "SV",
    "unannounced_visit": "UV",
    "direct_work_session": "DW",
    "assessment_visit": "AV",
    "s47_enquiry": "S47",
    "initial_cp_conference": "ICPC",
    "review_cp_conference": "RCPC",
    "core_group": "CG",
    "cin_review": "CINR",
    "cla_review": "CLAR",
    "plo_meeting": "PLO",
    "court_hearing": "CRT",
    "family_contact": "FC",
    "case_notes": "REC",
    "assessment_writeup": "ASW",
    "court_statement": "CST",
    "care_plan": "CPL",
    "chronology": "CHR",
    "conference_report": "CRP",
    "referral": "REF",
    "travel": "TRV",
    "strategy_meeting": "STR",
    "professional_liaison": "LIA",
    "supervision": "SUP",
    "team_meeting": "TM",
    "training": "TRN",
    "email_admin": "ADM",
    "it_problems": "IT",
    "payments": "PAY",
    "break": "BRK",
    "leave": "AL",
    "sickness": "SICK",
}
CODE_SHARE = 0.35
