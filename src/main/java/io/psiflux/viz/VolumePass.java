package io.psiflux.viz;

import io.psiflux.grid.Grid;

import static org.lwjgl.opengl.GL33C.*;

/**
 * |psi|^2 of a 3D grid as a ray-marched volume coloured by phase ({@code volume.*}), with the
 * slice plane drawn inside it and the box as a wireframe. The camera orbits the box centre.
 *
 * <p>World space is physical space scaled so the longest side of the box is 2 and centred on
 * the origin; z is up.
 */
final class VolumePass implements AutoCloseable {
    private static final double TAN_HALF_FOV = Math.tan(Math.toRadians(22.5));
    /** Absorption per world unit at the peak density: a packet core a few tenths across is nearly opaque. */
    private static final double OPACITY = 7.0;

    private final ShaderProgram program = new ShaderProgram("volume.vert", "volume.frag");
    private final int vao = glGenVertexArrays();

    /** The orbit camera for one frame: eye position and orthonormal right / up / forward. */
    record Camera(double[] eye, double[] right, double[] up, double[] forward, Region region) {

        /** Looks at the box centre from far enough that the box's bounding sphere fits the panel at zoom 1. */
        static Camera of(View view, Region region, double[] half) {
            double fit = TAN_HALF_FOV * Math.min(1.0, (double) region.w() / region.h());
            double dist = Math.sqrt(dot(half, half)) * 1.05 / Math.sin(Math.atan(fit)) / view.volumeZoom();
            double cp = Math.cos(view.pitch());
            double[] eye = {dist * cp * Math.cos(view.yaw()), dist * cp * Math.sin(view.yaw()), dist * Math.sin(view.pitch())};
            double[] fwd = normalize(new double[]{-eye[0], -eye[1], -eye[2]});
            double[] right = normalize(cross(fwd, new double[]{0, 0, 1}));
            double[] up = cross(right, fwd);
            return new Camera(eye, right, up, fwd, region);
        }

        /** Pixel position of a world point, or null behind the camera. */
        double[] project(double[] p) {
            double[] v = {p[0] - eye[0], p[1] - eye[1], p[2] - eye[2]};
            double z = dot(v, forward);
            if (z <= 1e-6) return null;
            double aspect = (double) region.w() / region.h();
            double nx = dot(v, right) / (z * TAN_HALF_FOV * aspect), ny = dot(v, up) / (z * TAN_HALF_FOV);
            return new double[]{region.x() + (nx + 1) / 2 * region.w(), region.y() + (1 - ny) / 2 * region.h()};
        }
    }

    /** Half box lengths in world units: the longest is 1. */
    static double[] halfExtents(Grid g) {
        double l = Math.max(g.axis(0).length(), Math.max(g.axis(1).length(), g.axis(2).length()));
        return new double[]{g.axis(0).length() / l, g.axis(1).length() / l, g.axis(2).length() / l};
    }

    /** World coordinate of grid point {@code i} along dimension {@code d}. */
    static double world(Grid g, double[] half, int d, int i) {
        return (double) i / g.n(d) * 2 * half[d] - half[d];
    }

    void draw(FieldTextures tex, Plane slice, View view, Region region, int fbHeight) {
        Grid g = tex.snapshot().grid();
        double[] half = halfExtents(g);
        Camera cam = Camera.of(view, region, half);
        region.viewport(fbHeight);
        program.use();
        program.set("u_psi", 0);
        program.set("u_half", half);
        program.set("u_n", g.n(0), g.n(1), g.n(2));
        program.set("u_maxDensity", (float) view.densityScaleFor(tex.maxDensity()));
        program.set("u_opacity", (float) OPACITY);
        int maxN = Math.max(g.n(0), Math.max(g.n(1), g.n(2)));
        program.set("u_steps", Math.max(64, Math.min(512, 2 * maxN)));
        program.set("u_viewport", region.x(), fbHeight - (region.y() + region.h()), region.w(), region.h());
        program.set("u_eye", cam.eye());
        program.set("u_right", cam.right());
        program.set("u_up", cam.up());
        program.set("u_forward", cam.forward());
        program.set("u_tanHalfFov", (float) TAN_HALF_FOV);
        program.set("u_showSlice", true);
        program.set("u_hasPhase", tex.hasPhase());
        program.set("u_sliceAxis", slice.fixed());
        program.set("u_slicePos", (float) world(g, half, slice.fixed(), slice.index()));
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_3D, tex.volumePsi());
        glEnable(GL_BLEND);
        glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
        glBindVertexArray(vao);
        glDrawArrays(GL_TRIANGLES, 0, 3);
        glBindVertexArray(0);
        glDisable(GL_BLEND);
    }

    /** Box edges, the slice outline and the axis names, projected with the same camera. */
    static void wireframe(Overlay o, Grid g, Plane slice, View view, Region region) {
        double[] h = halfExtents(g);
        Camera cam = Camera.of(view, region, h);
        int edge = Overlay.argb(0x909090, 0.7);
        for (int d = 0; d < 3; d++) {
            int a = (d + 1) % 3, b = (d + 2) % 3;
            for (int sa = -1; sa <= 1; sa += 2) {
                for (int sb = -1; sb <= 1; sb += 2) {
                    double[] p = new double[3], q = new double[3];
                    p[d] = -h[d];
                    q[d] = h[d];
                    p[a] = q[a] = sa * h[a];
                    p[b] = q[b] = sb * h[b];
                    segment(o, cam, p, q, 1, edge);
                }
            }
        }
        int f = slice.fixed(), a = slice.h(), b = slice.v();
        double pos = world(g, h, f, slice.index());
        double[][] corners = new double[4][3];
        int[][] signs = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
        for (int k = 0; k < 4; k++) {
            corners[k][f] = pos;
            corners[k][a] = signs[k][0] * h[a];
            corners[k][b] = signs[k][1] * h[b];
        }
        for (int k = 0; k < 4; k++) segment(o, cam, corners[k], corners[(k + 1) % 4], 1.5, Overlay.argb(0xffffff, 0.8));
        // Axis names at the positive ends of the three edges that meet at the bottom corner nearest
        // the camera, so they label visible edges.
        double[] near = {Math.copySign(h[0], cam.eye()[0]), Math.copySign(h[1], cam.eye()[1]), -h[2]};
        for (int d = 0; d < 3; d++) {
            double[] end = near.clone();
            end[d] = h[d] * 1.12;
            double[] px = cam.project(end);
            if (px != null) o.text(px[0] - 5, px[1] - 7, 2, FieldPass.AXIS_NAMES[d], Hud.TEXT);
        }
    }

    private static void segment(Overlay o, Camera cam, double[] p, double[] q, double width, int argb) {
        double[] a = cam.project(p), b = cam.project(q);
        if (a != null && b != null) o.line(a[0], a[1], b[0], b[1], width, argb);
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    static double[] cross(double[] a, double[] b) {
        return new double[]{a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    static double[] normalize(double[] a) {
        double l = Math.sqrt(dot(a, a));
        return new double[]{a[0] / l, a[1] / l, a[2] / l};
    }

    @Override
    public void close() {
        program.close();
        glDeleteVertexArrays(vao);
    }
}
