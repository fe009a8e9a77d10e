package io.exmy.train;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.results.Json;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Training loss of every step and validation loss at every evaluation, as the run goes. */
public final class LossCurve {
    /** One evaluation: after {@code step} optimizer steps (and so {@code tokens} tokens), the validation loss. */
    public record Eval(int step, float loss) {
    }

    private final List<Float> train = new ArrayList<>();
    private final List<Eval> evals = new ArrayList<>();

    public void addTrain(float loss) {
        train.add(loss);
    }

    public void addEval(int step, float loss) {
        evals.add(new Eval(step, loss));
    }

    public List<Float> train() {
        return List.copyOf(train);
    }

    public List<Eval> evals() {
        return List.copyOf(evals);
    }

    public float lastEval() {
        return evals.isEmpty() ? Float.NaN : evals.get(evals.size() - 1).loss();
    }

    /** Mean training loss over the last {@code k} steps (a less noisy final training loss). */
    public double meanTrainLast(int k) {
        int n = train.size();
        int from = Math.max(0, n - k);
        double s = 0;
        for (int i = from; i < n; i++) {
            s += train.get(i);
        }
        return n == from ? Double.NaN : s / (n - from);
    }

    /**
     * For records: the validation points (step, tokens, loss), and the training loss averaged over
     * {@code buckets} equal runs of steps (step = the last step of each run), so a record stays small.
     */
    public ObjectNode toJson(long tokensPerStep, int buckets) {
        ObjectNode o = Json.object();
        ArrayNode vs = o.putArray("val_step");
        ArrayNode vt = o.putArray("val_tokens");
        ArrayNode vl = o.putArray("val_loss");
        for (Eval e : evals) {
            vs.add(e.step());
            vt.add(e.step() * tokensPerStep);
            vl.add(e.loss());
        }
        ArrayNode ts = o.putArray("train_step");
        ArrayNode tl = o.putArray("train_loss");
        int n = train.size();
        int b = Math.min(buckets, n);
        for (int i = 0; i < b; i++) {
            int from = (int) ((long) i * n / b);
            int to = (int) ((long) (i + 1) * n / b);
            double s = 0;
            for (int j = from; j < to; j++) {
                s += train.get(j);
            }
            ts.add(to);
            tl.add(s / (to - from));
        }
        return o;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(train.size());
        for (float f : train) {
            out.writeFloat(f);
        }
        out.writeInt(evals.size());
        for (Eval e : evals) {
            out.writeInt(e.step());
            out.writeFloat(e.loss());
        }
    }

    static LossCurve read(StateFile.Reader r) throws IOException {
        DataInputStream in = r.in;
        LossCurve c = new LossCurve();
        int n = r.length("the training loss curve", 4);
        for (int i = 0; i < n; i++) {
            c.train.add(in.readFloat());
        }
        int e = r.length("the validation loss curve", 8);
        for (int i = 0; i < e; i++) {
            c.evals.add(new Eval(in.readInt(), in.readFloat()));
        }
        return c;
    }
}
