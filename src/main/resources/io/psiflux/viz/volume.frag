// volume.frag: emission-absorption ray marching of |psi|^2 in a 3D box, blue to white with
// density (phase colours would average to white along a ray through many phase fronts), with
// one axis-aligned slice plane drawn in domain colouring where the ray crosses it.
//
// World space is physical space scaled so the longest box side is 2: the box is [-u_half, u_half]
// with x, y, z the grid's axes 0, 1, 2. The psi texture is RG32F with width n_z, height n_y,
// depth n_x (C order, x slowest), so a world point samples at .zyx of its box fractions; grid
// point i sits at texel centre (i + 0.5) / n and GL_REPEAT makes the interpolation periodic.
uniform sampler3D u_psi;
uniform vec3 u_half;            // half box lengths in world units (largest is 1)
uniform vec3 u_n;               // points per axis
uniform float u_maxDensity;     // largest |psi|^2 of the frame
uniform float u_opacity;        // absorption per world unit at the peak density
uniform int u_steps;            // samples along the box diagonal

uniform vec4 u_viewport;        // (x, y, w, h) of the panel in framebuffer pixels
uniform vec3 u_eye;
uniform vec3 u_right;
uniform vec3 u_up;
uniform vec3 u_forward;
uniform float u_tanHalfFov;

uniform bool u_hasPhase;        // false: psi holds (sqrt(density), 0), so the slice is grey
uniform bool u_showSlice;
uniform int u_sliceAxis;        // 0, 1 or 2
uniform float u_slicePos;       // plane coordinate along u_sliceAxis, world units

out vec4 fragColor;             // premultiplied alpha

vec2 samplePsi(vec3 p) {
    vec3 f = (p + u_half) / (2.0 * u_half) + 0.5 / u_n;
    return texture(u_psi, f.zyx).rg;
}

vec4 planeColor(vec3 p) {
    vec2 s = samplePsi(p);
    float b = brightness(dot(s, s), u_maxDensity);
    vec3 rgb = (u_hasPhase ? domainColor(s, u_maxDensity) : vec3(b)) + vec3(0.12);
    float a = 0.25 + 0.7 * b;
    return vec4(rgb * a, a);
}

void main() {
    vec2 ndc = 2.0 * (gl_FragCoord.xy - u_viewport.xy) / u_viewport.zw - 1.0;
    float aspect = u_viewport.z / u_viewport.w;
    vec3 dir = normalize(u_forward + ndc.x * u_tanHalfFov * aspect * u_right
                                   + ndc.y * u_tanHalfFov * u_up);
    vec3 inv = 1.0 / dir;
    vec3 ta = (-u_half - u_eye) * inv, tb = (u_half - u_eye) * inv;
    vec3 tmin = min(ta, tb), tmax = max(ta, tb);
    float t0 = max(max(tmin.x, tmin.y), max(tmin.z, 0.0));
    float t1 = min(min(tmax.x, tmax.y), tmax.z);
    if (t1 <= t0) discard;

    float tPlane = -1.0;
    if (u_showSlice && abs(dir[u_sliceAxis]) > 1e-6) {
        tPlane = (u_slicePos - u_eye[u_sliceAxis]) / dir[u_sliceAxis];
        if (tPlane < t0 || tPlane > t1) tPlane = -1.0;
    }

    float dt = 2.0 * length(u_half) / float(u_steps);
    vec4 acc = vec4(0.0);
    bool planeDone = tPlane < 0.0;
    for (float t = t0 + 0.5 * dt; t < t1; t += dt) {
        if (!planeDone && t >= tPlane) {
            acc += (1.0 - acc.a) * planeColor(u_eye + tPlane * dir);
            planeDone = true;
        }
        vec2 s = samplePsi(u_eye + t * dir);
        float b = brightness(dot(s, s), u_maxDensity);
        float d = b * b;
        float a = 1.0 - exp(-u_opacity * d * dt);
        vec3 c = mix(vec3(0.25, 0.45, 1.0), vec3(1.0), d);
        acc.rgb += (1.0 - acc.a) * a * c;
        acc.a += (1.0 - acc.a) * a;
        if (acc.a > 0.99) break;
    }
    if (!planeDone && acc.a <= 0.99) acc += (1.0 - acc.a) * planeColor(u_eye + tPlane * dir);
    fragColor = acc;
}
