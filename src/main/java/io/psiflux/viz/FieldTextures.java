package io.psiflux.viz;

import io.psiflux.field.ComplexField;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;
import io.psiflux.sim.Snapshot;
import org.lwjgl.system.MemoryUtil;

import java.nio.FloatBuffer;
import java.util.Arrays;

import static org.lwjgl.opengl.GL33C.*;

/**
 * GPU copies of one snapshot: psi and V on a {@link Plane} as 2D textures (RG32F and R32F,
 * one texel per grid point, h slowest), psi of a 3D grid as a 3D texture (RG32F, C order so
 * width is n_z), and the frame statistics every picture is normalised by.
 *
 * <p>All textures filter linearly and wrap with GL_REPEAT: the box is periodic, so interpolating
 * re and im across the seam is what the field does. Uploads convert to float once per frame and
 * reuse their staging buffers. The potential is re-uploaded only when its values change (a hash
 * taken while scanning for its range), as a static potential's never do.
 *
 * <p>A snapshot without psi (only its density) is drawn from {@code sqrt(density)} with phase 0,
 * and {@link #hasPhase()} is false so the shaders draw it grey.
 */
final class FieldTextures implements AutoCloseable {
    private final int planePsi = glGenTextures();
    private final int planePotential = glGenTextures();
    private final int planeCurrent = glGenTextures();
    private final int volumePsi = glGenTextures();
    private final int[] planeSize = {-1, -1};
    private final int[] volumeSize = {-1, -1, -1};
    private FloatBuffer staging = MemoryUtil.memAllocFloat(1 << 16);
    private double[] norms = new double[0];

    private Snapshot snapshot;
    private Plane plane;
    private long potentialHash;
    private Plane potentialPlane;
    private long potentialUploaded;
    private double maxDensity, vMin, vMax, maxCurrent;

    FieldTextures() {
        for (int t : new int[]{planePsi, planePotential, planeCurrent}) configure(GL_TEXTURE_2D, t);
        configure(GL_TEXTURE_3D, volumePsi);
    }

    private static void configure(int target, int texture) {
        glBindTexture(target, texture);
        glTexParameteri(target, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(target, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(target, GL_TEXTURE_WRAP_S, GL_REPEAT);
        glTexParameteri(target, GL_TEXTURE_WRAP_T, GL_REPEAT);
        glTexParameteri(target, GL_TEXTURE_WRAP_R, GL_REPEAT);
    }

    /**
     * Takes a new snapshot: computes the statistics and, for a 3D grid, uploads the volume. Plane
     * textures follow in {@link #plane(Plane)}.
     */
    void setSnapshot(Snapshot s) {
        if (s.psi() == null && s.density() == null) {
            throw new IllegalArgumentException("a snapshot to draw needs psi or the density; both are missing");
        }
        snapshot = s;
        plane = null;
        ComplexField psi = s.psi();
        int n = s.grid().points();
        maxDensity = psi != null ? maxAbs2(psi) : maxOf(s.density());
        scanPotential(s.potential());
        maxCurrent = s.current() == null ? 0 : maxNorm(s.current(), n);
        if (s.grid().rank() == 3) uploadVolume(psi);
    }

    private static double maxAbs2(ComplexField psi) {
        double max = 0;
        float[] f = psi.floats();
        double[] d = psi.doubles();
        if (f != null) {
            for (int i = 0; i < f.length; i += 2) max = Math.max(max, (double) f[i] * f[i] + (double) f[i + 1] * f[i + 1]);
        } else {
            for (int i = 0; i < d.length; i += 2) max = Math.max(max, d[i] * d[i] + d[i + 1] * d[i + 1]);
        }
        return max;
    }

    /** Largest Euclidean length of a vector field's vectors (reads the storage arrays directly: a hot loop). */
    private double maxNorm(RealField j, int n) {
        if (norms.length < n) norms = new double[n];
        double[] m2 = norms;
        Arrays.fill(m2, 0, n, 0.0);
        float[] f = j.floats();
        double[] d = j.doubles();
        for (int c = 0; c < j.components(); c++) {
            int o = c * n;
            if (f != null) for (int p = 0; p < n; p++) m2[p] += (double) f[o + p] * f[o + p];
            else for (int p = 0; p < n; p++) m2[p] += d[o + p] * d[o + p];
        }
        double max = 0;
        for (int p = 0; p < n; p++) max = Math.max(max, m2[p]);
        return Math.sqrt(max);
    }

    private static double maxOf(RealField f) {
        double max = 0;
        for (int i = 0; i < f.length(); i++) max = Math.max(max, f.get(i));
        return max;
    }

    private void scanPotential(RealField v) {
        vMin = 0;
        vMax = 0;
        potentialHash = v == null ? 0 : v.length();
        if (v != null && v.length() > 0) {
            vMin = Double.POSITIVE_INFINITY;
            vMax = Double.NEGATIVE_INFINITY;
            long h = v.length();
            for (int i = 0; i < v.length(); i++) {
                double x = v.get(i);
                h = 31 * h + Double.doubleToLongBits(x);
                if (Double.isFinite(x)) {
                    vMin = Math.min(vMin, x);
                    vMax = Math.max(vMax, x);
                }
            }
            if (vMin > vMax) vMin = vMax = 0;
            potentialHash = h;
        }
    }

    private void uploadVolume(ComplexField psi) {
        Grid g = snapshot.grid();
        FloatBuffer b = stage(2 * g.points());
        if (psi == null) {
            RealField d = snapshot.density();
            for (int p = 0; p < g.points(); p++) b.put((float) Math.sqrt(Math.max(0, d.get(p)))).put(0f);
        } else if (psi.floats() != null) {
            b.put(psi.floats());
        } else {
            for (double x : psi.doubles()) b.put((float) x);
        }
        b.flip();
        glBindTexture(GL_TEXTURE_3D, volumePsi);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        if (volumeSize[0] != g.n(0) || volumeSize[1] != g.n(1) || volumeSize[2] != g.n(2)) {
            glTexImage3D(GL_TEXTURE_3D, 0, GL_RG32F, g.n(2), g.n(1), g.n(0), 0, GL_RG, GL_FLOAT, b);
            volumeSize[0] = g.n(0);
            volumeSize[1] = g.n(1);
            volumeSize[2] = g.n(2);
        } else {
            glTexSubImage3D(GL_TEXTURE_3D, 0, 0, 0, 0, g.n(2), g.n(1), g.n(0), GL_RG, GL_FLOAT, b);
        }
    }

    /** Uploads psi and V on {@code p} unless that plane of this snapshot is already there. */
    void plane(Plane p) {
        if (p.equals(plane)) return;
        plane = p;
        int nh = p.nh(), nv = p.nv();
        int sh = p.grid().stride(p.h()), sv = p.grid().stride(p.v());
        int base = p.index() * p.grid().stride(p.fixed());
        ComplexField psi = snapshot.psi();
        RealField density = snapshot.density();
        FloatBuffer b = stage(2 * nh * nv);
        float[] f = psi == null ? null : psi.floats();
        double[] d = psi == null ? null : psi.doubles();
        for (int ih = 0; ih < nh; ih++) {
            int row = base + ih * sh;
            for (int iv = 0; iv < nv; iv++) {
                int q = row + iv * sv;
                if (f != null) b.put(f[2 * q]).put(f[2 * q + 1]);
                else if (d != null) b.put((float) d[2 * q]).put((float) d[2 * q + 1]);
                else b.put((float) Math.sqrt(Math.max(0, density.get(q)))).put(0f);
            }
        }
        b.flip();
        boolean resize = planeSize[0] != nh || planeSize[1] != nv;
        upload2D(planePsi, GL_RG32F, GL_RG, nv, nh, b, resize);
        RealField j = snapshot.current();
        b = stage(nh * nv);
        for (int ih = 0; ih < nh; ih++) {
            int row = base + ih * sh;
            for (int iv = 0; iv < nv; iv++) {
                double m2 = 0;
                if (j != null) for (int c = 0; c < j.components(); c++) m2 += j.get(c, row + iv * sv) * j.get(c, row + iv * sv);
                b.put((float) Math.sqrt(m2));
            }
        }
        b.flip();
        upload2D(planeCurrent, GL_R32F, GL_RED, nv, nh, b, resize);
        planeSize[0] = nh;
        planeSize[1] = nv;
        RealField v = snapshot.potential();
        if (!resize && potentialHash == potentialUploaded && p.equals(potentialPlane)) return;
        potentialUploaded = potentialHash;
        potentialPlane = p;
        b = stage(nh * nv);
        for (int ih = 0; ih < nh; ih++) {
            int row = base + ih * sh;
            for (int iv = 0; iv < nv; iv++) b.put(v == null ? 0f : (float) v.get(row + iv * sv));
        }
        b.flip();
        upload2D(planePotential, GL_R32F, GL_RED, nv, nh, b, resize);
    }

    private static void upload2D(int tex, int internal, int format, int w, int h, FloatBuffer b, boolean resize) {
        glBindTexture(GL_TEXTURE_2D, tex);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        if (resize) glTexImage2D(GL_TEXTURE_2D, 0, internal, w, h, 0, format, GL_FLOAT, b);
        else glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, format, GL_FLOAT, b);
    }

    private FloatBuffer stage(int floats) {
        if (staging.capacity() < floats) {
            MemoryUtil.memFree(staging);
            staging = MemoryUtil.memAllocFloat(floats);
        }
        staging.clear();
        return staging;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    /** False when the snapshot carries no psi, only its density: there is no phase to show. */
    boolean hasPhase() {
        return snapshot.psi() != null;
    }

    /** |psi|^2 at flat index p, from psi or else from the density field. */
    double density(int p) {
        return snapshot.psi() != null ? snapshot.psi().abs2(p) : snapshot.density().get(p);
    }

    /** Largest |psi|^2 over the whole grid. */
    double maxDensity() {
        return maxDensity;
    }

    /** Smallest finite V over the grid (0 without a potential). */
    double vMin() {
        return vMin;
    }

    double vMax() {
        return vMax;
    }

    /** Largest |j| over the grid (0 without a current). */
    double maxCurrent() {
        return maxCurrent;
    }

    int planePsi() {
        return planePsi;
    }

    int planePotential() {
        return planePotential;
    }

    /** |j| on the plane (R32F, layout of {@link #planePsi()}; zero without a current). */
    int planeCurrent() {
        return planeCurrent;
    }

    int volumePsi() {
        return volumePsi;
    }

    @Override
    public void close() {
        glDeleteTextures(new int[]{planePsi, planePotential, planeCurrent, volumePsi});
        MemoryUtil.memFree(staging);
    }
}
