package io.psiflux.viz;

/**
 * The colour conventions of every psiflux picture, in plain Java so they can be tested without a
 * GPU. The fragment shaders carry a line-for-line copy in {@code colors.glsl}; a headless test
 * renders a field and checks the pixels against these functions, so the two cannot drift.
 *
 * <p>Domain colouring: hue is the phase {@code arg psi} (0 red, pi/2 yellow-green, pi cyan,
 * -pi/2 violet; the hue turns counter-clockwise with the phase), saturation is 1 and brightness
 * (HSV value) is {@code |psi| / max|psi| = sqrt(density / maxDensity)}, so psi = 0 is black and the
 * square root keeps the tails of a packet visible. Colours are packed {@code 0xRRGGBB}.
 */
public final class Colors {
    /** Strength of the white tint where the normalised potential is 1 (see {@link #tint}). */
    public static final double POTENTIAL_TINT = 0.3;

    private Colors() {
    }

    /** Hue in [0, 1) of the phase of {@code re + i im}; 0 (red) for psi = 0. */
    public static double hue(double re, double im) {
        double h = Math.atan2(im, re) / (2 * Math.PI);
        return h < 0 ? h + 1 : h;
    }

    /** Brightness in [0, 1]: {@code sqrt(density / maxDensity)}, clamped; 0 when maxDensity is 0. */
    public static double brightness(double density, double maxDensity) {
        if (!(maxDensity > 0)) return 0;
        return Math.sqrt(Math.min(1.0, Math.max(0.0, density / maxDensity)));
    }

    /** The domain colour of {@code psi = re + i im} in a frame whose largest |psi|^2 is maxDensity. */
    public static int domainColor(double re, double im, double maxDensity) {
        return hsv(hue(re, im), 1.0, brightness(re * re + im * im, maxDensity));
    }

    /**
     * HSV to packed RGB with the smooth formula the shader uses:
     * {@code rgb = v * mix(1, clamp(|mod(6h + (0, 4, 2), 6) - 3| - 1, 0, 1), s)}.
     */
    public static int hsv(double h, double s, double v) {
        double r = channel(h, 0), g = channel(h, 4), b = channel(h, 2);
        return pack(v * (1 - s + s * r), v * (1 - s + s * g), v * (1 - s + s * b));
    }

    private static double channel(double h, double offset) {
        double m = (6 * h + offset) % 6.0;
        if (m < 0) m += 6;
        return Math.min(1.0, Math.max(0.0, Math.abs(m - 3) - 1));
    }

    /**
     * The potential overlay: moves a colour towards white by {@code POTENTIAL_TINT * vNorm}, where
     * vNorm in [0, 1] is {@code (V - Vmin) / (Vmax - Vmin)} of the frame. Dark regions turn grey
     * inside walls, so barriers show even where psi is zero.
     */
    public static int tint(int rgb, double vNorm) {
        double w = POTENTIAL_TINT * Math.min(1.0, Math.max(0.0, vNorm));
        double r = red(rgb), g = green(rgb), b = blue(rgb);
        return pack(r + (1 - r) * w, g + (1 - g) * w, b + (1 - b) * w);
    }

    /**
     * Perceptual colour maps for the density and |j| pictures: matplotlib's viridis and inferno
     * as the degree-6 polynomial fits of Matt Zucker (CC0, shadertoy WlfXRN), which stay within
     * about 1/100 of the tabulated maps. Lightness grows monotonically from 0 to 1, so a grey
     * print keeps the order of the values.
     */
    public enum ColorMap {
        VIRIDIS(new double[][]{
                {0.2777273272234177, 0.005407344544966578, 0.3340998053353061},
                {0.1050930431085774, 1.404613529898575, 1.384590162594685},
                {-0.3308618287255563, 0.214847559468213, 0.09509516302823659},
                {-4.634230498983486, -5.799100973351585, -19.33244095627987},
                {6.228269936347081, 14.17993336680509, 56.69055260068105},
                {4.776384997670288, -13.74514537774601, -65.35303263337234},
                {-5.435455855934631, 4.645852612178535, 26.3124352495832}}),
        INFERNO(new double[][]{
                {0.0002189403691192265, 0.001651004631001012, -0.01948089843709184},
                {0.1065134194856116, 0.5639564367884091, 3.932712388889277},
                {11.60249308247187, -3.972853965665698, -15.9423941062914},
                {-41.70399613139459, 17.43639888205313, 44.35414519872813},
                {77.162935699427, -33.40235894210092, -81.80730925738993},
                {-71.31942824499214, 32.62606426397723, 73.20951985803202},
                {25.13112622477341, -12.24266895238567, -23.07032500287172}});

        /** Polynomial coefficients, c[k] = (r, g, b) of t^k. */
        final double[][] c;

        ColorMap(double[][] c) {
            this.c = c;
        }

        /** The colour at t in [0, 1] (clamped), packed 0xRRGGBB; Horner's rule as in colors.glsl. */
        public int at(double t) {
            t = Math.min(1.0, Math.max(0.0, t));
            double[] rgb = new double[3];
            for (int ch = 0; ch < 3; ch++) {
                double v = c[6][ch];
                for (int k = 5; k >= 0; k--) v = c[k][ch] + t * v;
                rgb[ch] = v;
            }
            return pack(rgb[0], rgb[1], rgb[2]);
        }

        /** Parses "viridis" or "inferno" (any case); null for anything else. */
        public static ColorMap parse(String s) {
            for (ColorMap m : values()) if (m.name().equalsIgnoreCase(s)) return m;
            return null;
        }
    }

    /** Decades of |psi|^2 below the scale that the log density picture spans (default 4). */
    public static final double LOG_DECADES = 4;

    /**
     * Position in [0, 1] of a value on the colour scale: {@code value / scale} (linear), or
     * {@code 1 + log10(value / scale) / LOG_DECADES} (log), clamped.
     */
    public static double scaled(double value, double scale, boolean log) {
        if (!(scale > 0)) return 0;
        double r = value / scale;
        double t = log ? (r > 0 ? 1 + Math.log10(r) / LOG_DECADES : 0) : r;
        return Math.min(1.0, Math.max(0.0, t));
    }

    /** Packs channels in [0, 1] (clamped, rounded) into {@code 0xRRGGBB}. */
    public static int pack(double r, double g, double b) {
        return (to8(r) << 16) | (to8(g) << 8) | to8(b);
    }

    private static int to8(double c) {
        return (int) Math.round(255 * Math.min(1.0, Math.max(0.0, c)));
    }

    /** Red channel of a packed colour, in [0, 1]. */
    public static double red(int rgb) {
        return ((rgb >> 16) & 0xff) / 255.0;
    }

    public static double green(int rgb) {
        return ((rgb >> 8) & 0xff) / 255.0;
    }

    public static double blue(int rgb) {
        return (rgb & 0xff) / 255.0;
    }

    /** HSV value (largest channel) of a packed colour, in [0, 1]. */
    public static double value(int rgb) {
        return Math.max(red(rgb), Math.max(green(rgb), blue(rgb)));
    }

    /**
     * Hue in [0, 1) of a packed colour (the inverse of {@link #hsv} for s = 1), or NaN for a grey;
     * tests use it to read the phase back out of a picture.
     */
    public static double hueOf(int rgb) {
        double r = red(rgb), g = green(rgb), b = blue(rgb);
        double max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b));
        double c = max - min;
        if (c <= 0) return Double.NaN;
        double h;
        if (max == r) h = ((g - b) / c) / 6;
        else if (max == g) h = ((b - r) / c + 2) / 6;
        else h = ((r - g) / c + 4) / 6;
        return h < 0 ? h + 1 : h;
    }
}
