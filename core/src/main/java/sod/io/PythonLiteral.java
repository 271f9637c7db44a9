package sod.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of Python literal syntax that .npy headers use: a dict with string keys whose values
 * are strings, True/False/None, integers (an old 'L' suffix is tolerated), tuples and lists.
 * Throws IllegalArgumentException with a short reason.
 */
final class PythonLiteral {
    private static final int MAX_NESTING = 16;
    private final String text;
    private int pos;
    private int depth;

    PythonLiteral(String text) {
        this.text = text;
    }

    Map<String, Object> parseDict() {
        skipSpace();
        expect('{');
        Map<String, Object> dict = new LinkedHashMap<>();
        skipSpace();
        while (peek() != '}') {
            Object key = parseValue();
            if (!(key instanceof String name)) {
                throw new IllegalArgumentException("dict key " + key + " is not a string");
            }
            skipSpace();
            expect(':');
            Object value = parseValue();
            if (dict.put(name, value) != null) {
                throw new IllegalArgumentException("key '" + name + "' repeated");
            }
            skipSpace();
            if (peek() == ',') {
                pos++;
                skipSpace();
            } else if (peek() != '}') {
                throw new IllegalArgumentException("expected ',' or '}' at offset " + pos);
            }
        }
        pos++;
        skipSpace();
        if (pos != text.length()) {
            throw new IllegalArgumentException("text after the dict at offset " + pos);
        }
        return dict;
    }

    private Object parseValue() {
        skipSpace();
        char c = peek();
        if (c == '\'' || c == '"') {
            return parseString(c);
        }
        if (c == '(' || c == '[') {
            return parseSequence(c == '(' ? ')' : ']');
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return parseInteger();
        }
        for (String word : new String[] {"True", "False", "None"}) {
            if (text.startsWith(word, pos)) {
                pos += word.length();
                return word.equals("None") ? null : Boolean.valueOf(word.equals("True"));
            }
        }
        throw new IllegalArgumentException("unexpected '" + c + "' at offset " + pos);
    }

    private String parseString(char quote) {
        pos++;
        StringBuilder value = new StringBuilder();
        while (true) {
            char c = peek();
            pos++;
            if (c == quote) {
                return value.toString();
            }
            if (c == '\\') {
                value.append(peek());
                pos++;
            } else {
                value.append(c);
            }
        }
    }

    private List<Object> parseSequence(char close) {
        if (++depth > MAX_NESTING) {
            throw new IllegalArgumentException("nested too deeply");
        }
        pos++;
        List<Object> items = new ArrayList<>();
        skipSpace();
        while (peek() != close) {
            items.add(parseValue());
            skipSpace();
            if (peek() == ',') {
                pos++;
                skipSpace();
            } else if (peek() != close) {
                throw new IllegalArgumentException("expected ',' or '" + close + "' at offset " + pos);
            }
        }
        pos++;
        depth--;
        return items;
    }

    private Long parseInteger() {
        int begin = pos;
        if (peek() == '-') {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
            pos++;
        }
        String digits = text.substring(begin, pos);
        if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
            pos++;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad integer '" + digits + "'");
        }
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw new IllegalArgumentException("ends early");
        }
        return text.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("expected '" + c + "' at offset " + pos);
        }
        pos++;
    }
}
