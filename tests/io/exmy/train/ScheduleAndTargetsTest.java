package io.exmy.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.block.BlockSchemes;
import io.exmy.block.BlockShape;
import io.exmy.train.QuantTargets.Operand;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ScheduleAndTargetsTest {
    @Test
    void warmupThenCosineToTheFloor() {
        LrSchedule s = new LrSchedule(1e-3, 10, 110, 0.1);
        assertEquals(1e-4, s.at(0), 1e-18);
        assertEquals(1e-3, s.at(9), 1e-18);
        assertEquals(1e-3, s.at(10), 1e-18);
        assertEquals(0.1e-3 + 0.5 * 0.9e-3, s.at(60), 1e-15); // halfway: cos(π/2) = 0
        assertEquals(0.1e-3, s.at(110), 1e-15);
        for (int i = 11; i < 110; i++) {
            assertTrue(s.at(i) < s.at(i - 1));
        }
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule(0, 1, 1, 0));
    }

    @Test
    void presetsQuantizeTheirOperandsAlongK() {
        QuantTargets paper = TrainFixtures.targets("{\"quant\":\"paper\",\"format\":\"e3m2\",\"block\":32}");
        EnumSet<Operand> on = EnumSet.noneOf(Operand.class);
        for (Operand o : Operand.values()) {
            if (paper.scheme(o) != null) {
                on.add(o);
                assertEquals(o.axis, paper.scheme(o).shape().axis(), o.label);
                assertEquals(32, paper.scheme(o).shape().length());
            }
        }
        assertEquals(EnumSet.of(Operand.FWD_W, Operand.DGRAD_W, Operand.WGRAD_X), on);
        assertEquals(EnumSet.of(BlockShape.Axis.ROW), EnumSet.of(paper.scheme(Operand.FWD_W).shape().axis()));
        assertEquals(BlockShape.Axis.COL, paper.scheme(Operand.DGRAD_W).shape().axis());
        assertEquals(BlockShape.Axis.COL, paper.scheme(Operand.WGRAD_X).shape().axis());
        assertEquals(2, TrainFixtures.targets("{\"quant\":\"weights-only\",\"format\":\"e3m2\"}").describe().size());
        assertEquals(6, TrainFixtures.targets("{\"quant\":\"all\",\"format\":\"e3m2\"}").describe().size());
        assertTrue(!TrainFixtures.targets("{\"quant\":\"none\"}").any());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainFixtures.targets("{\"quant\":\"most\"}"))
                .getMessage().contains("paper"));
    }

    @Test
    void perOperandSchemesGetTheOperandsAxis() {
        QuantTargets t = QuantTargets.none().with(Operand.DGRAD_W, BlockSchemes.parse("mxfp8_e4m3"))
                .with(Operand.FWD_X, BlockSchemes.parse("e2m1/b16/col/e4m3/amax"));
        assertEquals("mxfp8_e4m3/col", BlockSchemes.format(t.scheme(Operand.DGRAD_W)));
        assertEquals(BlockShape.Axis.ROW, t.scheme(Operand.FWD_X).shape().axis());
        assertEquals(16, t.scheme(Operand.FWD_X).shape().length());
        assertNull(t.with(Operand.FWD_X, null).scheme(Operand.FWD_X));
        assertEquals("fwd.x=e2m1/b16/row/e4m3/amax;dgrad.w=mxfp8_e4m3/col",
                QuantOps.parse("dgrad.w = mxfp8_e4m3; fwd.x=e2m1/b16/col/e4m3/amax").toString());
        assertThrows(IllegalArgumentException.class, () -> QuantOps.parse("fwd.z=mxfp4"));
    }
}
