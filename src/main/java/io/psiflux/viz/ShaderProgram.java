package io.psiflux.viz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.lwjgl.opengl.GL33C.*;

/**
 * A linked vertex + fragment program from {@code src/main/resources/io/psiflux/viz}. Every stage
 * is compiled as {@code "#version 330 core"}, then {@code colors.glsl} (the shared colour
 * conventions), then the stage's own file, so the files themselves carry no version line.
 */
final class ShaderProgram implements AutoCloseable {
    private static final String HEADER = "#version 330 core\n";

    private final int id;
    private final Map<String, Integer> uniforms = new HashMap<>();

    ShaderProgram(String vertexResource, String fragmentResource) {
        String common = resource("colors.glsl");
        int vs = compile(GL_VERTEX_SHADER, vertexResource, common);
        int fs = compile(GL_FRAGMENT_SHADER, fragmentResource, common);
        id = glCreateProgram();
        glAttachShader(id, vs);
        glAttachShader(id, fs);
        glLinkProgram(id);
        glDeleteShader(vs);
        glDeleteShader(fs);
        if (glGetProgrami(id, GL_LINK_STATUS) == GL_FALSE) {
            String log = glGetProgramInfoLog(id);
            glDeleteProgram(id);
            throw new IllegalStateException("linking " + vertexResource + " + " + fragmentResource + " failed:\n" + log);
        }
    }

    static String resource(String name) {
        try (InputStream in = ShaderProgram.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("shader resource io/psiflux/viz/" + name + " is missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int compile(int type, String name, String common) {
        int s = glCreateShader(type);
        // "#line 1" restarts the numbering so compiler messages point into the stage's own file.
        glShaderSource(s, HEADER + common + "\n#line 1\n" + resource(name));
        glCompileShader(s);
        if (glGetShaderi(s, GL_COMPILE_STATUS) == GL_FALSE) {
            String log = glGetShaderInfoLog(s);
            glDeleteShader(s);
            throw new IllegalStateException("compiling " + name + " failed:\n" + log);
        }
        return s;
    }

    void use() {
        glUseProgram(id);
    }

    /** Location of a uniform, cached; -1 (ignored by glUniform*) when the compiler removed it. */
    int uniform(String name) {
        return uniforms.computeIfAbsent(name, n -> glGetUniformLocation(id, n));
    }

    void set(String name, float v) {
        glUniform1f(uniform(name), v);
    }

    void set(String name, int v) {
        glUniform1i(uniform(name), v);
    }

    void set(String name, boolean v) {
        glUniform1i(uniform(name), v ? 1 : 0);
    }

    void set(String name, double x, double y) {
        glUniform2f(uniform(name), (float) x, (float) y);
    }

    void set(String name, double x, double y, double z) {
        glUniform3f(uniform(name), (float) x, (float) y, (float) z);
    }

    void set(String name, double x, double y, double z, double w) {
        glUniform4f(uniform(name), (float) x, (float) y, (float) z, (float) w);
    }

    void set(String name, double[] v3) {
        set(name, v3[0], v3[1], v3[2]);
    }

    @Override
    public void close() {
        glDeleteProgram(id);
    }
}
