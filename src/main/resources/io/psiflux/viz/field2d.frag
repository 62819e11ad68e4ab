// field2d.frag: domain colouring of psi (RG32F texture, re and im) with the potential tint.
in vec2 v_tex;

uniform sampler2D u_psi;
uniform sampler2D u_potential;   // R32F, same layout as u_psi
uniform float u_maxDensity;      // largest |psi|^2 of the frame
uniform vec2 u_vRange;           // (Vmin, Vmax) of the frame
uniform bool u_showPotential;
uniform bool u_hasPhase;         // false: psi holds (sqrt(density), 0), so draw grey

out vec4 fragColor;

void main() {
    vec2 psi = texture(u_psi, v_tex).rg;
    vec3 rgb = u_hasPhase ? domainColor(psi, u_maxDensity) : vec3(brightness(dot(psi, psi), u_maxDensity));
    if (u_showPotential && u_vRange.y > u_vRange.x) {
        float v = texture(u_potential, v_tex).r;
        rgb = tint(rgb, (v - u_vRange.x) / (u_vRange.y - u_vRange.x));
    }
    fragColor = vec4(rgb, 1.0);
}
