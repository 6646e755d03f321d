"""Every figure of timestudy: seaborn-style functions ``name(data, ..., ax=None) -> Axes``.

Estimators return numbers; a result's ``plot(ax=None)`` hands them to one of these
functions, so notebooks can compose figures on their own axes. This package, the
only one that imports matplotlib and seaborn, is split by the stage whose numbers
it draws (one module would pass 1,000 lines): ``guide`` (the guide and the report),
``capacity``, ``models``, ``categorise``, ``observe``, ``reliability``, and
``render`` (PNG files and base64 for self-contained HTML).
"""

from __future__ import annotations

from timestudy.plots._axes import STATUS_COLOURS, new_axes
from timestudy.plots.capacity import (
    calibration_plot,
    capacity_plot,
    max_caseload_plot,
    weighted_load_plot,
)
from timestudy.plots.categorise import confusion_plot, coverage_plot, heatmap
from timestudy.plots.guide import (
    case_weights_plot,
    category_shares_plot,
    task_hours_plot,
    team_shares_plot,
    time_of_day_plot,
    worker_hours_plot,
)
from timestudy.plots.models import (
    multipliers_plot,
    pieces_sensitivity_plot,
    random_effects_plot,
    ratio_event_plot,
    regression_plot,
    residuals_plot,
    task_times_plot,
)
from timestudy.plots.observe import (
    interruption_rate_plot,
    multitasking_plot,
    tempogram_plot,
    time_budget_plot,
    time_on_task_plot,
    transitions_plot,
)
from timestudy.plots.reliability import (
    category_kappa_plot,
    matched_durations_plot,
    pairwise_kappa_plot,
    slice_confusion_plot,
    timing_gaps_plot,
)
from timestudy.plots.render import draw_png, png_base64, save_png

__all__ = [
    "STATUS_COLOURS",
    "calibration_plot",
    "capacity_plot",
    "case_weights_plot",
    "category_kappa_plot",
    "category_shares_plot",
    "confusion_plot",
    "coverage_plot",
    "draw_png",
    "heatmap",
    "interruption_rate_plot",
    "matched_durations_plot",
    "max_caseload_plot",
    "multipliers_plot",
    "multitasking_plot",
    "new_axes",
    "pairwise_kappa_plot",
    "pieces_sensitivity_plot",
    "png_base64",
    "random_effects_plot",
    "ratio_event_plot",
    "regression_plot",
    "residuals_plot",
    "save_png",
    "slice_confusion_plot",
    "task_hours_plot",
    "task_times_plot",
    "team_shares_plot",
    "tempogram_plot",
    "time_budget_plot",
    "time_of_day_plot",
    "time_on_task_plot",
    "timing_gaps_plot",
    "transitions_plot",
    "weighted_load_plot",
    "worker_hours_plot",
]
