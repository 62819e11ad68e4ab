package io.psiflux.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GridTest {

    /**
     * The lines along each axis, each walked from {@link Grid#lineStart} in steps of
     * {@link Grid#stride}, visit every point exactly once, and every point of a line shares the
     * line's indices on the other axes.
     */
    @Test
    void linesAlongEachAxisCoverTheGridOnce() {
        Grid g = Grid.of(new Axis(5, 0, 1), new Axis(3, 0, 1), new Axis(4, 0, 1));
        for (int d = 0; d < 3; d++) {
            int[] seen = new int[g.points()];
            int n = g.n(d), lines = g.points() / n;
            for (int l = 0; l < lines; l++) {
                int start = g.lineStart(d, l);
                assertEquals(0, g.index(start, d), "line " + l + " along " + d + " starts at index 0");
                for (int t = 0; t < n; t++) {
                    int p = start + t * g.stride(d);
                    seen[p]++;
                    assertEquals(t, g.index(p, d));
                    for (int e = 0; e < 3; e++) if (e != d) assertEquals(g.index(start, e), g.index(p, e));
                }
            }
            for (int p = 0; p < seen.length; p++) assertEquals(1, seen[p], "point " + p + " along axis " + d);
        }
    }
}
