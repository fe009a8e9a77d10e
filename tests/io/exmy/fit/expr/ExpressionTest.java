package io.exmy.fit.expr;

import io.exmy.fit.base.FitException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpressionTest {
    private static double eval(String text, Object... bindings) {
        Expression e = Expression.parse(text);
        Map<String, Integer> slots = new HashMap<>();
        double[] values = new double[bindings.length / 2];
        for (int i = 0; i < bindings.length; i += 2) {
            slots.put((String) bindings[i], i / 2);
            values[i / 2] = ((Number) bindings[i + 1]).doubleValue();
        }
        return e.compile(slots).eval(values);
    }

    @Test
    void precedenceAndAssociativity() {
        assertEquals(7, eval("1 + 2 * 3"));
        assertEquals(9, eval("(1 + 2) * 3"));
        assertEquals(-4, eval("-2^2"), "unary minus binds looser than ^");
        assertEquals(512, eval("2^3^2"), "^ is right-associative");
        assertEquals(0.25, eval("2^-2"));
        assertEquals(2, eval("8 / 2 / 2"), "/ is left-associative");
        assertEquals(1, eval("3 - 1 - 1"));
        assertEquals(8, eval("2 ** 3"));
        assertEquals(6, eval("2 \u00d7 3"));
        assertEquals(1.5, eval("3 \u00f7 2"));
        assertEquals(5, eval("--5"));
        assertEquals(1e-3, eval("1e-3"));
        assertEquals(2.5e10, eval("2.5E10"));
    }

    @Test
    void functions() {
        assertEquals(Math.log(10), eval("log(10)"), 1e-15);
        assertEquals(3, eval("log2(8)"), 1e-15);
        assertEquals(2, eval("log10(100)"), 1e-15);
        assertEquals(Math.E, eval("exp(1)"), 1e-15);
        assertEquals(3, eval("sqrt(9)"));
        assertEquals(1, eval("min(3, 1, 2)"));
        assertEquals(3, eval("max(3, 1, 2)"));
        assertEquals(2, eval("abs(-2)"));
    }

    @Test
    void names() {
        assertEquals(1.817 + 482 / Math.pow(1e9, 0.35),
                eval("E + A/N^alpha", "E", 1.817, "A", 482, "N", 1e9, "alpha", 0.35), 1e-12);
        assertEquals(1e21 / (6 * 1e9), eval("\"Training FLOP\" / (6*`Model Size`)", "Training FLOP", 1e21, "Model Size", 1e9), 1e-3);
        assertEquals(4, eval("format.E", "format.E", 4));
        assertEquals(List.of("E", "A", "N", "alpha"), List.copyOf(Expression.parse("E + A/N^alpha + A").names()));
        // A name that happens to be a function is a name unless called.
        assertEquals(3, eval("log + 1", "log", 2));
    }

    @Test
    void errorsSayWhereAndWhat() {
        FitException e = assertThrows(FitException.class, () -> Expression.parse("1 + * 2"));
        assertTrue(e.getMessage().contains("position 5"), e.getMessage());
        assertTrue(assertThrows(FitException.class, () -> Expression.parse("(1 + 2")).getMessage().contains("missing ')'"));
        assertTrue(assertThrows(FitException.class, () -> Expression.parse("foo(1)")).getMessage().contains("unknown function 'foo'"));
        assertTrue(assertThrows(FitException.class, () -> Expression.parse("min(1)")).getMessage().contains("two or more"));
        assertTrue(assertThrows(FitException.class, () -> Expression.parse("log(1, 2)")).getMessage().contains("one argument"));
        assertTrue(assertThrows(FitException.class, () -> Expression.parse("1 2")).getMessage().contains("unexpected '2'"));
        assertTrue(assertThrows(FitException.class, () -> Expression.parse("\"open")).getMessage().contains("unterminated"));
        assertThrows(FitException.class, () -> Expression.parse("   "));
        assertTrue(assertThrows(FitException.class, () -> Expression.parse("x + y").compile(Map.of("x", 0)))
                .getMessage().contains("unknown name 'y'"));
    }
}
