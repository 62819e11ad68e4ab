// overlay.frag: vertex colour times the atlas coverage (1 on the solid glyph, so shapes keep
// their colour; 0 or 1 on text glyphs, sampled GL_NEAREST).
in vec2 v_uv;
in vec4 v_color;

uniform sampler2D u_atlas;

out vec4 fragColor;

void main() {
    float coverage = texture(u_atlas, v_uv).r;
    fragColor = vec4(v_color.rgb, v_color.a * coverage);
}
