package io.exmy.fit.expr;

import io.exmy.fit.base.FitException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * A small arithmetic language for user-written laws and derived columns:
 * {@code + - * / ^} (also {@code ** × ÷}), unary minus, parentheses, numbers such as {@code 1e-3},
 * and the functions log (natural), ln, log2, log10, exp, sqrt, abs, min, max.
 * Names are identifiers (letters, digits, '_' and '.', so flattened JSON fields like
 * {@code format.E} work) or any text in double quotes or backticks (CSV headers with spaces).
 * {@code ^} binds tighter than unary minus and is right-associative, as in mathematics:
 * {@code -x^2 = -(x^2)}, {@code 2^3^2 = 2^9}.
 *
 * <p>Parsing yields a tree with unresolved names; {@link #compile} binds every name to a slot of
 * a value array, so evaluation does no map look-ups.
 */
public final class Expression {

    /** A compiled expression: evaluates with names bound to slots of {@code values}. */
    @FunctionalInterface
    public interface Compiled {
        double eval(double[] values);
    }

    private sealed interface Node permits Num, Name, Neg, Bin, Call {
    }

    private record Num(double value) implements Node {
    }

    private record Name(String name) implements Node {
    }

    private record Neg(Node arg) implements Node {
    }

    private record Bin(char op, Node left, Node right) implements Node {
    }

    private record Call(String function, List<Node> args) implements Node {
    }

    private static final Map<String, DoubleUnaryOperator> UNARY = Map.of(
            "log", Math::log,
            "ln", Math::log,
            "log2", x -> Math.log(x) / Math.log(2),
            "log10", Math::log10,
            "exp", Math::exp,
            "sqrt", Math::sqrt,
            "abs", Math::abs);

    private final String text;
    private final Node root;

    private Expression(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    public static Expression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new FitException("empty expression");
        }
        Parser p = new Parser(text);
        Node n = p.expression();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "'");
        }
        return new Expression(text, n);
    }

    public String text() {
        return text;
    }

    /** Every name the expression refers to, in order of first appearance. */
    public Set<String> names() {
        Set<String> out = new LinkedHashSet<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, Set<String> out) {
        if (n instanceof Name v) {
            out.add(v.name());
        } else if (n instanceof Neg g) {
            collect(g.arg(), out);
        } else if (n instanceof Bin b) {
            collect(b.left(), out);
            collect(b.right(), out);
        } else if (n instanceof Call c) {
            c.args().forEach(a -> collect(a, out));
        }
    }

    /** Binds each name to {@code slots.get(name)}; every name must have a slot. */
    public Compiled compile(Map<String, Integer> slots) {
        return compile(root, slots);
    }

    private Compiled compile(Node n, Map<String, Integer> slots) {
        if (n instanceof Num c) {
            double v = c.value();
            return x -> v;
        }
        if (n instanceof Name v) {
            Integer slot = slots.get(v.name());
            if (slot == null) {
                throw new FitException("expression '" + text + "': unknown name '" + v.name() + "'");
            }
            int i = slot;
            return x -> x[i];
        }
        if (n instanceof Neg g) {
            Compiled a = compile(g.arg(), slots);
            return x -> -a.eval(x);
        }
        if (n instanceof Bin b) {
            Compiled l = compile(b.left(), slots), r = compile(b.right(), slots);
            return switch (b.op()) {
                case '+' -> x -> l.eval(x) + r.eval(x);
                case '-' -> x -> l.eval(x) - r.eval(x);
                case '*' -> x -> l.eval(x) * r.eval(x);
                case '/' -> x -> l.eval(x) / r.eval(x);
                case '^' -> x -> Math.pow(l.eval(x), r.eval(x));
                default -> throw new IllegalStateException("operator " + b.op());
            };
        }
        Call c = (Call) n;
        List<Compiled> args = new ArrayList<>();
        for (Node a : c.args()) {
            args.add(compile(a, slots));
        }
        if (c.function().equals("min") || c.function().equals("max")) {
            Compiled[] as = args.toArray(new Compiled[0]);
            boolean min = c.function().equals("min");
            return x -> {
                double best = as[0].eval(x);
                for (int i = 1; i < as.length; i++) {
                    double v = as[i].eval(x);
                    best = min ? Math.min(best, v) : Math.max(best, v);
                }
                return best;
            };
        }
        DoubleUnaryOperator f = UNARY.get(c.function());
        Compiled a = args.get(0);
        return x -> f.applyAsDouble(a.eval(x));
    }

    @Override
    public String toString() {
        return text;
    }

    /** Recursive descent over: expr := term (± term)*; term := unary (×÷ unary)*; unary := -unary | power; power := primary (^ unary)?. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        FitException error(String what) {
            return new FitException("expression '" + s + "': " + what + " at position " + (pos + 1));
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        boolean eat(char c) {
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        Node expression() {
            Node n = term();
            while (true) {
                if (eat('+')) {
                    n = new Bin('+', n, term());
                } else if (eat('-') || eat('\u2212')) {
                    n = new Bin('-', n, term());
                } else {
                    return n;
                }
            }
        }

        Node term() {
            Node n = unary();
            while (true) {
                if (eat('*') || eat('\u00d7')) {
                    n = new Bin('*', n, unary());
                } else if (eat('/') || eat('\u00f7')) {
                    n = new Bin('/', n, unary());
                } else {
                    return n;
                }
            }
        }

        Node unary() {
            if (eat('-') || eat('\u2212')) {
                return new Neg(unary());
            }
            if (eat('+')) {
                return unary();
            }
            return power();
        }

        Node power() {
            Node base = primary();
            skipSpace();
            if (s.startsWith("**", pos)) {
                pos += 2;
                return new Bin('^', base, unary());
            }
            if (eat('^')) {
                return new Bin('^', base, unary());
            }
            return base;
        }

        Node primary() {
            skipSpace();
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos);
            if (c == '(') {
                pos++;
                Node n = expression();
                if (!eat(')')) {
                    throw error("missing ')'");
                }
                return n;
            }
            if (Character.isDigit(c) || c == '.') {
                return number();
            }
            if (c == '"' || c == '`') {
                int end = s.indexOf(c, pos + 1);
                if (end < 0) {
                    throw error("unterminated quoted name");
                }
                String name = s.substring(pos + 1, end);
                pos = end + 1;
                return new Name(name);
            }
            if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos))
                        || s.charAt(pos) == '_' || s.charAt(pos) == '.')) {
                    pos++;
                }
                String name = s.substring(start, pos);
                skipSpace();
                if (pos < s.length() && s.charAt(pos) == '(') {
                    return call(name, start);
                }
                return new Name(name);
            }
            throw error("unexpected '" + c + "'");
        }

        Node call(String name, int start) {
            pos++; // '('
            List<Node> args = new ArrayList<>();
            if (!eat(')')) {
                do {
                    args.add(expression());
                } while (eat(','));
                if (!eat(')')) {
                    throw error("missing ')' after arguments of " + name);
                }
            }
            boolean minMax = name.equals("min") || name.equals("max");
            if (!minMax && !UNARY.containsKey(name)) {
                pos = start;
                throw error("unknown function '" + name + "' (known: log, ln, log2, log10, exp, sqrt, abs, min, max)");
            }
            if (minMax ? args.size() < 2 : args.size() != 1) {
                pos = start;
                throw error(name + " takes " + (minMax ? "two or more arguments" : "one argument")
                        + ", got " + args.size());
            }
            return new Call(name, args);
        }

        Node number() {
            int start = pos;
            while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                pos++;
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                int save = pos;
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                        pos++;
                    }
                } else {
                    pos = save; // "2E" followed by a name is not an exponent
                }
            }
            try {
                return new Num(Double.parseDouble(s.substring(start, pos)));
            } catch (NumberFormatException e) {
                pos = start;
                throw error("bad number '" + s.substring(start, Math.min(s.length(), start + 12)) + "'");
            }
        }
    }
}
