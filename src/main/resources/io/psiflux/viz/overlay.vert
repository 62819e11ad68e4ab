// overlay.vert: lines, boxes, text and legends, batched by Overlay in pixel coordinates
// (origin top left, y down). One texture (the 5x7 font atlas, whose last glyph is solid) serves
// text and untextured shapes alike.
layout(location = 0) in vec2 a_pixel;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_color;

uniform vec2 u_viewport;   // framebuffer size in pixels

out vec2 v_uv;
out vec4 v_color;

void main() {
    vec2 ndc = vec2(2.0 * a_pixel.x / u_viewport.x - 1.0, 1.0 - 2.0 * a_pixel.y / u_viewport.y);
    gl_Position = vec4(ndc, 0.0, 1.0);
    v_uv = a_uv;
    v_color = a_color;
}
