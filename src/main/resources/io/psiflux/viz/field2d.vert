// field2d.vert: one quad covering a 2D domain [min, max) in physical coordinates (x right,
// y up). u_toNdc maps physical to clip space: ndc = world * u_toNdc.xy + u_toNdc.zw.
// Texture coordinates put grid point i at texel centre (i + 0.5) / n, so with GL_REPEAT the
// strip between the last point and max interpolates towards the first point (periodic box).
layout(location = 0) in vec2 a_world;

uniform vec4 u_toNdc;
uniform vec2 u_min;        // (x min, y min) of the domain
uniform vec2 u_length;     // box lengths
uniform vec2 u_n;          // points per axis

out vec2 v_tex;            // (y, x) fractions: the texture is y-fastest (C order, x slowest)

void main() {
    gl_Position = vec4(a_world * u_toNdc.xy + u_toNdc.zw, 0.0, 1.0);
    vec2 f = (a_world - u_min) / u_length + 0.5 / u_n;
    v_tex = f.yx;
}
