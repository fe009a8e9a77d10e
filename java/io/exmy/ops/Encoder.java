package io.exmy.ops;

import java.util.stream.IntStream;

/** Token and learned position embeddings (twin: {@code cuda/encoder.cu}). */
public final class Encoder {
    private Encoder() {
    }

    static boolean valid(int token, int V) {
        return token >= 0 && token < V;
    }

    /**
     * out[r][c] = e + wpe[t][c] with e = wte[token][c] (0 for a token outside [0, V)) and t = r mod T;
     * without wpe (wpe == null), out[r][c] = e.
     */
    public static void forward(float[] out, int oOff, int[] tokens, int tOff, float[] wte, int wteOff, float[] wpe,
                               int wpeOff, int B, int T, int C, int V) {
        IntStream.range(0, B * T).parallel().forEach(r -> {
            int token = tokens[tOff + r];
            boolean ok = valid(token, V);
            int e = wteOff + (ok ? token : 0) * C;
            int p = wpeOff + (r % T) * C;
            int o = oOff + r * C;
            for (int c = 0; c < C; c++) {
                float x = ok ? wte[e + c] : 0.0f;
                out[o + c] = wpe == null ? x : x + wpe[p + c];
            }
        });
    }

    /**
     * dwte[token(r)][c] = dwte[token(r)][c] + dout[r][c] for r = 0, 1, …, B·T−1 in order (rows with an
     * invalid token skipped); dwpe[t][c] = dwpe[t][c] + dout[b·T + t][c] for b = 0, 1, …, B−1 in order.
     * Parallel over columns: each column's chain is sequential.
     */
    public static void backward(float[] dwte, int dwteOff, float[] dwpe, int dwpeOff, float[] dout, int dOff,
                                int[] tokens, int tOff, int B, int T, int C, int V) {
        int rows = B * T;
        IntStream.range(0, C).parallel().forEach(c -> {
            for (int r = 0; r < rows; r++) {
                int token = tokens[tOff + r];
                if (valid(token, V)) {
                    int i = dwteOff + token * C + c;
                    dwte[i] = dwte[i] + dout[dOff + r * C + c];
                }
            }
            if (dwpe != null) {
                for (int t = 0; t < T; t++) {
                    int i = dwpeOff + t * C + c;
                    float acc = dwpe[i];
                    for (int b = 0; b < B; b++) {
                        acc = acc + dout[dOff + (b * T + t) * C + c];
                    }
                    dwpe[i] = acc;
                }
            }
        });
    }
}
