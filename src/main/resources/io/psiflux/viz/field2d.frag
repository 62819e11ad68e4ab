// field2d.frag: a plane of the field in one of four colourings (View.ColorMode) with the potential
// as a grey tint (phase mode) and contour lines.
in vec2 v_tex;

uniform sampler2D u_psi;
uniform sampler2D u_potential;   // R32F, same layout as u_psi
uniform sampler2D u_current;     // R32F |j|, same layout
uniform int u_mode;              // 0 phase, 1 density, 2 log density, 3 |j|
uniform int u_colorMap;          // 0 viridis, 1 inferno
uniform float u_maxDensity;      // density scale: fixed across frames, or this frame's max
uniform float u_currentScale;    // |j| scale
uniform vec2 u_vRange;           // (Vmin, Vmax) of the frame
uniform bool u_showPotential;
uniform float u_contours;        // number of contour levels of V (0: none)
uniform bool u_hasPhase;         // false: psi holds (sqrt(density), 0), so draw grey

out vec4 fragColor;

void main() {
    vec2 psi = texture(u_psi, v_tex).rg;
    float rho = dot(psi, psi);
    vec3 rgb;
    if (u_mode == 1 || u_mode == 2) {
        rgb = colorMap(u_colorMap, scaled(rho, u_maxDensity, u_mode == 2));
    } else if (u_mode == 3) {
        rgb = colorMap(u_colorMap, scaled(texture(u_current, v_tex).r, u_currentScale, false));
    } else {
        rgb = u_hasPhase ? domainColor(psi, u_maxDensity) : vec3(brightness(rho, u_maxDensity));
    }
    if (u_showPotential && u_vRange.y > u_vRange.x) {
        float v = (texture(u_potential, v_tex).r - u_vRange.x) / (u_vRange.y - u_vRange.x);
        if (u_mode == 0) rgb = tint(rgb, v);
        if (u_contours > 0.0) {
            // Levels at (k + 1/2) / n of the range: none on flat floors or plateaus.
            float f = v * u_contours - 0.5;
            float d = abs(fract(f + 0.5) - 0.5) / max(fwidth(f), 1e-6);
            // about one pixel wide, antialiased
            float line = (f > -0.5 && f < u_contours - 0.5) ? 1.0 - clamp(d, 0.0, 1.0) : 0.0;
            rgb = mix(rgb, vec3(0.92, 0.92, 0.80), 0.55 * line);
        }
    }
    fragColor = vec4(rgb, 1.0);
}
