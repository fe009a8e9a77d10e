package io.exmy.backend.kernel;

import io.exmy.backend.DeviceBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The arguments of a kernel launch in declaration order, typed as the kernel declares them. Each
 * runtime packs them its own way (JCuda pointers, or native memory for the emulator), both in
 * cuLaunchKernel's form: an array of pointers to the values.
 */
public final class KernelArgs {
    /** One argument. */
    public sealed interface Arg permits Buffer, I32, I64, F32, Words {
    }

    /** A device pointer: the start of a buffer. */
    public record Buffer(DeviceBuffer buffer) implements Arg {
    }

    /** {@code int}. */
    public record I32(int value) implements Arg {
    }

    /** {@code long long}. */
    public record I64(long value) implements Arg {
    }

    /** {@code float}. */
    public record F32(float value) implements Arg {
    }

    /** A struct of 32-bit words passed by value (such as {@code exmy_cast_spec}). */
    public record Words(int[] words) implements Arg {
    }

    private final List<Arg> args = new ArrayList<>();

    public KernelArgs buffer(DeviceBuffer b) {
        args.add(new Buffer(b));
        return this;
    }

    public KernelArgs i32(int v) {
        args.add(new I32(v));
        return this;
    }

    public KernelArgs i64(long v) {
        args.add(new I64(v));
        return this;
    }

    public KernelArgs f32(float v) {
        args.add(new F32(v));
        return this;
    }

    public KernelArgs words(int[] w) {
        args.add(new Words(w.clone()));
        return this;
    }

    public List<Arg> list() {
        return Collections.unmodifiableList(args);
    }
}
