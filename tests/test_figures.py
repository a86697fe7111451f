"""Drawing primitives: figures without pyplot, logos with letters above and below zero."""

import matplotlib

from sklearn_demotif._figures import draw_logo, new_axes


def test_new_axes_leave_the_global_backend_and_pyplot_alone():
    backend = matplotlib.get_backend()
    ax = new_axes((4, 3))
    assert matplotlib.get_backend() == backend
    assert ax.figure.canvas.manager is None, "not registered with pyplot"


def test_logos_draw_one_letter_per_nonzero_height_and_span_negative_values():
    ax = draw_logo([[1.0, -0.5], [0.0, 0.0], [0.5, 0.0], [0.0, 0.0]], None, "attribution")
    assert ax.get_ylabel() == "attribution"
    assert ax.get_ylim()[0] < 0 < ax.get_ylim()[1]
    assert len(ax.patches) >= 3
