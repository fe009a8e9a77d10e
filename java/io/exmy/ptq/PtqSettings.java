package io.exmy.ptq;

import io.exmy.format.Format;
import io.exmy.sweep.RunConfig;

/**
 * One post-training quantization run, as {@link PtqKind} normalized it. {@code group} 0 means one
 * group per output channel; {@code evalBatches} 0 means the training run's count.
 */
public record PtqSettings(String checkpoint, String method, Format format, int group, boolean sym, boolean actOrder,
                          int calibSeqs, long calibSeed, double damp, int blockSize, int evalBatches, String backend,
                          boolean saveCodes) {
    public static PtqSettings of(RunConfig c) {
        return new PtqSettings(c.string("checkpoint"), c.string("method"), Format.parse(c.string("format")),
                (int) c.integer("group"), c.bool("sym"), c.bool("act_order"), (int) c.integer("calib_seqs"),
                c.integer("calib_seed"), c.number("damp"), (int) c.integer("block_size"),
                (int) c.integer("eval_batches"), c.string("backend"), c.has("save_codes") && c.bool("save_codes"));
    }

    public IntGrid grid() {
        return IntGrid.of(format, sym);
    }

    public boolean gptq() {
        return method.equals("gptq");
    }
}
