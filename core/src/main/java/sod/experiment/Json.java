package sod.experiment;

import java.util.Locale;

/**
 * A minimal streaming JSON writer: objects, arrays, strings, numbers, booleans and null. Non-finite
 * numbers are written as {@code null} (JSON has no NaN or Infinity). Commas are inserted
 * automatically; the output is indented two spaces per level.
 */
public final class Json {
    private final StringBuilder out = new StringBuilder(1024);
    /** Per nesting level: whether the next element needs a leading comma. */
    private final boolean[] needsComma = new boolean[64];
    private int depth;
    private boolean afterName;

    public Json beginObject() {
        return open('{');
    }

    public Json endObject() {
        return close('}');
    }

    public Json beginArray() {
        return open('[');
    }

    public Json endArray() {
        return close(']');
    }

    /** The name of the next member of the enclosing object. */
    public Json name(String name) {
        separate();
        quote(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    public Json value(String s) {
        separate();
        if (s == null) out.append("null");
        else quote(s);
        return this;
    }

    public Json value(double d) {
        separate();
        if (!Double.isFinite(d)) out.append("null");
        else if (d == Math.rint(d) && Math.abs(d) < 1e15) out.append((long) d).append(".0");
        else out.append(Double.toString(d).replace('E', 'e'));
        return this;
    }

    public Json value(long v) {
        separate();
        out.append(v);
        return this;
    }

    public Json value(boolean b) {
        separate();
        out.append(b);
        return this;
    }

    public Json nullValue() {
        separate();
        out.append("null");
        return this;
    }

    public Json value(double[] values) {
        beginArray();
        for (double v : values) value(v);
        return endArray();
    }

    public Json member(String name, String v) {
        return name(name).value(v);
    }

    public Json member(String name, double v) {
        return name(name).value(v);
    }

    public Json member(String name, long v) {
        return name(name).value(v);
    }

    public Json member(String name, boolean v) {
        return name(name).value(v);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private Json open(char c) {
        separate();
        out.append(c);
        depth++;
        needsComma[depth] = false;
        return this;
    }

    private Json close(char c) {
        boolean empty = !needsComma[depth];
        depth--;
        if (!empty) newline();
        out.append(c);
        if (depth == 0) out.append('\n');
        return this;
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (needsComma[depth]) out.append(',');
            needsComma[depth] = true;
            newline();
        }
    }

    private void newline() {
        out.append('\n');
        for (int i = 0; i < depth; i++) out.append("  ");
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
