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
