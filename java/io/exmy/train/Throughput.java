package io.exmy.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Model FLOPs and the device peaks that model FLOPs utilisation (MFU) is measured against.
 *
 * <p>FLOPs per token, as llm.c counts them (after Kaplan et al. 2020, §2.1):
 * {@code 6·N + 6·L·T·C}, with N every parameter (the tied token embedding is the LM head's weight,
 * so it does multiply; the position embedding, biases and norms are a slight overcount) and
 * 6·L·T·C the attention score and value products, forward and backward. MFU = model FLOPs per
 * second ÷ the device's peak.
 *
 * <p>Peaks: on the GPU, the dense peak of the arithmetic the GEMMs use — float32 FMA in exact mode,
 * BF16 tensor cores in fast mode — from the table in {@link #gpuPeak}. On a CPU:
 * cores × clock × 32 FLOPs per cycle (two 256-bit FMA pipes, 8 floats each, 2 FLOPs per FMA: Zen 2–4
 * and most x86 cores since Haswell; AVX-512 on Zen 4 runs on the same two 256-bit pipes), the clock
 * read from /proc/cpuinfo. {@code -Dexmy.peak.tflops=X} overrides either.
 */
public final class Throughput {
    private Throughput() {
    }

    public static double flopsPerToken(ModelConfig c) {
        return 6.0 * c.parameters() + 6.0 * c.layers() * c.context() * c.width();
    }

    /** The peak FLOP/s of the device a backend computes on (see the class comment), or NaN if unknown. */
    public static double peakFlops(String backendName, String device, boolean fast) {
        String override = System.getProperty("exmy.peak.tflops");
        if (override != null) {
            return Double.parseDouble(override) * 1e12;
        }
        return switch (backendName) {
            case "cuda" -> gpuPeak(device, fast);
            case "java", "host" -> cpuPeak();
            default -> Double.NaN; // emu: a simulator, no meaningful peak
        };
    }

    /** Dense peaks (NVIDIA data sheets, without sparsity): [float32 FMA, BF16 tensor core] in TFLOP/s. */
    static double gpuPeak(String device, boolean fast) {
        String d = device.toUpperCase(Locale.ROOT);
        double[] p;
        if (d.contains("H200") || d.contains("H100") && (d.contains("SXM") || d.contains("HBM3"))) {
            p = new double[] {67, 989};
        } else if (d.contains("H100")) { // PCIe
            p = new double[] {51, 756};
        } else if (d.contains("A100")) {
            p = new double[] {19.5, 312};
        } else if (d.contains("L40S")) {
            p = new double[] {91.6, 362};
        } else {
            return Double.NaN;
        }
        return (fast ? p[1] : p[0]) * 1e12;
    }

    static double cpuPeak() {
        int cores = Runtime.getRuntime().availableProcessors();
        double mhz = cpuMhz();
        return Double.isNaN(mhz) ? Double.NaN : cores * mhz * 1e6 * 32;
    }

    private static double cpuMhz() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("cpu MHz")) {
                    return Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no /proc/cpuinfo (not Linux): unknown
        }
        return Double.NaN;
    }
}
