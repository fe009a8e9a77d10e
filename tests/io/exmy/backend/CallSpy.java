package io.exmy.backend;

import io.exmy.backend.java.JavaDevice;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A Java-reference backend whose raw op calls — the op families of its {@link Device}, below the
 * checked front — pass through a handler first: for tests that watch what a model asks of its
 * backend, or make the n-th call of an op fail. The calls keep the names and argument order of the
 * front's ({@code fakeQuantize(in, out, rows, cols, indexBase, scheme)}, {@code gemm(shape, a, b, c)}, …).
 */
public final class CallSpy {
    private CallSpy() {
    }

    /** Runs the real call and returns its result. */
    public interface Proceed {
        Object call() throws Throwable;
    }

    /** Sees one raw call: the family's method, its arguments, and the real call to run (or not). */
    public interface Handler {
        Object call(Method method, Object[] args, Proceed proceed) throws Throwable;
    }

    public static Backend java(Handler handler) {
        Device<?> spied = proxy(Device.class, new JavaDevice(), (m, args, proceed) -> {
            Object result = proceed.call();
            return isOpFamily(m) ? proxy(m.getReturnType(), result, handler) : result;
        });
        return new Backend(spied);
    }

    /** An accessor of one of the device's op families (its nested interfaces), memory aside. */
    private static boolean isOpFamily(Method m) {
        Class<?> type = m.getReturnType();
        return m.getParameterCount() == 0 && type.getEnclosingClass() == Device.class && type != Device.Memory.class;
    }

    private static <T> T proxy(Class<T> type, Object target, Handler handler) {
        return type.cast(Proxy.newProxyInstance(CallSpy.class.getClassLoader(), new Class<?>[] {type},
                (p, m, args) -> handler.call(m, args, () -> {
                    try {
                        return m.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                })));
    }
}
