package io.psiflux.viz;

import io.psiflux.grid.Axis;
import io.psiflux.observe.Paths;

/**
 * Bohmian trajectories drawn over a field plane as fading trails: each particle's path through the
 * last {@link #ROWS} recorded rows (of the snapshot's {@link Paths}), a thin line whose opacity
 * grows from 0 at the oldest row to {@link #HEAD_ALPHA} at the newest, and a dot where the
 * particle is now. The two coordinates drawn are the plane's axes (2D only: in 3D a path seldom
 * stays in the slice). A step of a path that wraps around the periodic box is not drawn.
 *
 * <p>Colours are fixed, not scaled by anything in the snapshot: white lines with a dark edge,
 * readable over both the dark and the bright parts of the domain colouring.
 */
final class Trails {
    /** Rows of the trail behind each particle. */
    static final int ROWS = 24;
    /** Opacity of the newest segment and of the head dot. */
    static final double HEAD_ALPHA = 0.9;
    private static final int LINE = 0xffffff, EDGE = 0x000000;

    private Trails() {
    }

    /**
     * Adds the trails of {@code paths} to {@code o}, coordinates h and v of each particle mapped
     * by {@code m}; returns how many particles were drawn.
     */
    static int draw(Overlay o, Paths paths, Plane p, FieldPass.Mapping m) {
        if (paths == null || paths.size() == 0 || paths.rank() < 2 || p.grid().rank() != 2) return 0;
        int h = p.h(), v = p.v();
        Axis ah = p.hAxis(), av = p.vAxis();
        int last = paths.size() - 1, first = Math.max(0, last - ROWS);
        // thin trails when there are many particles, so the field stays visible under them
        double width = 1.0, dot = 3.0;
        double fade = paths.count() > 500 ? 0.5 : 1.0;
        for (int pass = 0; pass < 2; pass++) { // the dark edges of every trail first, then the white lines
            for (int i = 0; i < paths.count(); i++) {
                for (int r = first + 1; r <= last; r++) {
                    double x0 = paths.x(r - 1, i, h), y0 = paths.x(r - 1, i, v), x1 = paths.x(r, i, h), y1 = paths.x(r, i, v);
                    if (Math.abs(x1 - x0) > ah.length() / 2 || Math.abs(y1 - y0) > av.length() / 2) continue;
                    double age = (double) (r - first) / (last - first);
                    double alpha = HEAD_ALPHA * fade * age;
                    if (pass == 0) o.line(m.px(x0), m.py(y0), m.px(x1), m.py(y1), width + 1.5, Overlay.argb(EDGE, 0.4 * alpha));
                    else o.line(m.px(x0), m.py(y0), m.px(x1), m.py(y1), width, Overlay.argb(LINE, alpha));
                }
                double x = m.px(paths.x(last, i, h)), y = m.py(paths.x(last, i, v));
                if (pass == 0) o.rect(x - dot / 2 - 1, y - dot / 2 - 1, dot + 2, dot + 2, Overlay.argb(EDGE, HEAD_ALPHA));
                else o.rect(x - dot / 2, y - dot / 2, dot, dot, Overlay.argb(LINE, HEAD_ALPHA));
            }
        }
        return paths.count();
    }
}
