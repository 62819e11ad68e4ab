// colors.glsl: the colour conventions of io.psiflux.viz.Colors, line for line.
// The loader (ShaderProgram) prepends "#version 330 core" and this file to every shader, so
// each stage can call these functions. Change both files together: HeadlessRendererTest
// compares rendered pixels against Colors.domainColor.

const float TWO_PI = 6.28318530717958647692;
const float POTENTIAL_TINT = 0.3;

// Hue in [0, 1) of the phase of psi = (re, im); 0 (red) for psi = 0.
float phaseHue(vec2 psi) {
    float h = atan(psi.y, psi.x) / TWO_PI;
    return h < 0.0 ? h + 1.0 : h;
}

// HSV to RGB, the smooth formula of Colors.hsv.
vec3 hsv2rgb(float h, float s, float v) {
    vec3 c = clamp(abs(mod(6.0 * h + vec3(0.0, 4.0, 2.0), 6.0) - 3.0) - 1.0, 0.0, 1.0);
    return v * mix(vec3(1.0), c, s);
}

// Brightness sqrt(density / maxDensity), clamped to [0, 1]; 0 when maxDensity is 0.
float brightness(float density, float maxDensity) {
    if (!(maxDensity > 0.0)) return 0.0;
    return sqrt(clamp(density / maxDensity, 0.0, 1.0));
}

// Domain colouring: hue = arg psi, value = |psi| / max|psi|.
vec3 domainColor(vec2 psi, float maxDensity) {
    return hsv2rgb(phaseHue(psi), 1.0, brightness(dot(psi, psi), maxDensity));
}

// Potential overlay: towards white by POTENTIAL_TINT * vNorm, vNorm = (V - Vmin) / (Vmax - Vmin).
vec3 tint(vec3 rgb, float vNorm) {
    return rgb + (1.0 - rgb) * (POTENTIAL_TINT * clamp(vNorm, 0.0, 1.0));
}

// Perceptual colour maps (Colors.ColorMap): degree-6 polynomials in t, Horner's rule.
// map 0 = viridis, 1 = inferno.
vec3 colorMap(int map, float t) {
    t = clamp(t, 0.0, 1.0);
    vec3 c0, c1, c2, c3, c4, c5, c6;
    if (map == 1) {
        c0 = vec3(0.0002189403691192265, 0.001651004631001012, -0.01948089843709184);
        c1 = vec3(0.1065134194856116, 0.5639564367884091, 3.932712388889277);
        c2 = vec3(11.60249308247187, -3.972853965665698, -15.9423941062914);
        c3 = vec3(-41.70399613139459, 17.43639888205313, 44.35414519872813);
        c4 = vec3(77.162935699427, -33.40235894210092, -81.80730925738993);
        c5 = vec3(-71.31942824499214, 32.62606426397723, 73.20951985803202);
        c6 = vec3(25.13112622477341, -12.24266895238567, -23.07032500287172);
    } else {
        c0 = vec3(0.2777273272234177, 0.005407344544966578, 0.3340998053353061);
        c1 = vec3(0.1050930431085774, 1.404613529898575, 1.384590162594685);
        c2 = vec3(-0.3308618287255563, 0.214847559468213, 0.09509516302823659);
        c3 = vec3(-4.634230498983486, -5.799100973351585, -19.33244095627987);
        c4 = vec3(6.228269936347081, 14.17993336680509, 56.69055260068105);
        c5 = vec3(4.776384997670288, -13.74514537774601, -65.35303263337234);
        c6 = vec3(-5.435455855934631, 4.645852612178535, 26.3124352495832);
    }
    return clamp(c0 + t * (c1 + t * (c2 + t * (c3 + t * (c4 + t * (c5 + t * c6))))), 0.0, 1.0);
}

const float LOG_DECADES = 4.0;

// Colors.scaled: value / scale (linear) or 1 + log10(value / scale) / LOG_DECADES (log), clamped.
float scaled(float value, float scale, bool logScale) {
    if (!(scale > 0.0)) return 0.0;
    float r = value / scale;
    float t = logScale ? (r > 0.0 ? 1.0 + log(r) / (log(10.0) * LOG_DECADES) : 0.0) : r;
    return clamp(t, 0.0, 1.0);
}
