package io.exmy.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class RunIdTest {
    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(text);
    }

    @Test
    void canonicalFormSortsKeysAndSpellsNumbersExactly() throws Exception {
        ObjectNode c = json("{\"scale\": 1.0, \"format\": \"e4m3\", \"n\": {\"b\": 2, \"a\": [0.5, 1e0, -0.0]}}");
        assertEquals("{\"format\":\"e4m3\",\"n\":{\"a\":[0.5,1,0],\"b\":2},\"scale\":1}", RunId.canonical(c));
        // 0.1 is not 1/10 in binary: the exact value is hashed, the same on every JDK
        assertEquals("0.1000000000000000055511151231257827021181583404541015625",
                RunId.canonical(json("{\"x\": 0.1}")).replaceAll(".*:|}", ""));
    }

    @Test
    void idIsStableAcrossKeyOrderAndNumberSpelling() throws Exception {
        String a = RunId.of("qerror", json("{\"format\": \"e4m3\", \"scale\": 1, \"seed\": 3}"));
        String b = RunId.of("qerror", json("{\"seed\": 3.0, \"scale\": 1.0, \"format\": \"e4m3\"}"));
        assertEquals(a, b);
        assertTrue(RunId.isValid(a), a);
        // pinned: changing the canonical form or the hash would orphan every existing store
        assertEquals(RunId.hash("{\"config\":{\"format\":\"e4m3\",\"scale\":1,\"seed\":3},\"kind\":\"qerror\"}"), a);
        assertEquals("380ea9a854a08c17", RunId.hash("{\"config\":{\"format\":\"e4m3\",\"scale\":1,\"seed\":3},\"kind\":\"qerror\"}"));
    }

    @Test
    void anyDifferenceChangesTheId() throws Exception {
        String base = RunId.of("qerror", json("{\"format\": \"e4m3\", \"scale\": 1}"));
        assertNotEquals(base, RunId.of("qerror", json("{\"format\": \"e4m3\", \"scale\": 1.0000001}")));
        assertNotEquals(base, RunId.of("qerror", json("{\"format\": \"e3m2\", \"scale\": 1}")));
        assertNotEquals(base, RunId.of("train", json("{\"format\": \"e4m3\", \"scale\": 1}")));
        assertNotEquals(base, RunId.of("qerror", json("{\"format\": \"e4m3\", \"scale\": \"1\"}")));
    }

    @Test
    void validation() {
        assertFalse(RunId.isValid("../../etc/passwd"));
        assertFalse(RunId.isValid("0123456789ABCDEF"));
        assertTrue(RunId.isValid("0123456789abcdef"));
        assertThrows(IllegalArgumentException.class, () -> RunId.canonical(Json.object().put("x", Double.NaN)));
    }
}
