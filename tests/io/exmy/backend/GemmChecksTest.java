package io.exmy.backend;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.backends.Backends;
import io.exmy.matmul.GemmShape;
import org.junit.jupiter.api.Test;

/** Bad GEMM calls fail before any backend touches memory, with a message that says what is wrong. */
class GemmChecksTest {
    static void fails(String expected, Backend b, GemmShape s, DeviceBuffer x, DeviceBuffer y, DeviceBuffer z) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.gemm(s, x, y, z));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void badShapesAndBuffersAreRefused() {
        try (Backend b = Backends.open("java"); Backend other = Backends.open("java")) {
            DeviceBuffer small = b.allocate(DType.F32, 10);
            DeviceBuffer big = b.allocate(DType.F32, 1000);
            GemmShape s = GemmShape.of(8, 8, 8, false, false);
            fails("GEMM operand A holds 10 elements, 64 needed", b, s, small, big, big);
            fails("GEMM output C holds 10 elements, 64 needed", b, s, big, big, small);
            fails("GEMM operand B must be F32", b, s, big, b.allocate(DType.U8, 64), big);
            fails("batch strides must be non-negative", b, s.batched(2, -64, 64, 64), big, big, big);
            fails("was passed to backend", b, s, other.allocate(DType.F32, 64), big, big);
            assertThrows(IllegalArgumentException.class, () -> GemmShape.of(4, 4, 4, false, false).withLeadingDims(3, 4, 4));
        }
    }
}
