package io.exmy.backend;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.backends.Backends;
import io.exmy.ops.Rope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad calls of the training ops fail before any work, with a message that says what is wrong. */
class TrainChecksTest {
    static final Backend B = Backends.open("java");

    static void rejects(String fragment, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void shapesDtypesAndOwnership() {
        DeviceBuffer x = B.allocate(DType.F32, 12);
        DeviceBuffer ids = B.allocate(DType.I32, 4);
        DeviceBuffer w = B.allocate(DType.F32, 3);
        rejects("token ids (B·T) must be I32", () -> B.encoderForward(x, x, x, null, 2, 2, 3, 4));
        rejects("token embedding table (V × C) holds 12 elements, 15 needed",
                () -> B.encoderForward(x, ids, x, null, 2, 2, 3, 5));
        rejects("channels C must be at least 1", () -> B.layerNormForward(x, w, w, x, w, w, 3, 0, 1e-5f));
        rejects("layer-norm mean (one per row) holds 3 elements, 4 needed",
                () -> B.layerNormForward(x, w, w, x, w, w, 4, 3, 1e-5f));
        rejects("padded vocabulary Vp (3) is smaller than V (4)",
                () -> B.crossEntropy(w, null, x, ids, 3, 4, 3, 1));
        rejects("targets (one per row) must be I32", () -> B.crossEntropy(w, null, x, w, 3, 4, 4, 1));
        rejects("even head size", () -> B.ropeForward(x, x, x, 4, 4, 3));
        rejects("attention scale must be positive", () -> B.causalSoftmaxForward(x, x, 3, 2, 0));
        rejects("fused qkv (B, T, 3·NH·HS) holds 12 elements, 36 needed",
                () -> B.attentionSplit(x, x, x, x, 1, 2, 2, 3));
        rejects("element count must not be negative", () -> B.fill(x, -1, 0));
        rejects("sum-of-squares output must be F32", () -> B.sumOfSquares(ids, x, 12));
        try (Backend other = Backends.open("java")) {
            DeviceBuffer foreign = other.allocate(DType.F32, 12);
            rejects("allocate it on the backend that uses it", () -> B.add(x, x, foreign, 12));
        }
        rejects("rotary embedding needs an even head size", () -> Rope.table(4, 5));
    }

    @Test
    void kernelLimitsAreStated() {
        Backend emu = BackendFixture.get("emu");
        int C = 30_000; // 2·C floats of shared memory per warp: more than a block may have
        try (DeviceBuffer big = emu.allocate(DType.F32, C); DeviceBuffer one = emu.allocate(DType.F32, 1)) {
            rejects("C ≤ 20864 is supported",
                    () -> emu.layerNormBackward(big, big, big, big, big, big, one, one, 1, C));
        }
    }
}
