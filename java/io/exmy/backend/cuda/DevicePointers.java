package io.exmy.backend.cuda;

import java.lang.reflect.Field;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/**
 * Raw device addresses of JCuda pointers, for native calls that do not go through JCuda (the JNA
 * cuBLAS binding). JCuda keeps the allocation's address in {@code NativePointerObject.nativePointer}
 * and a view's offset in {@code Pointer.byteOffset}; both are private, so they are read by
 * reflection (JCuda is on the class path, not a module, so this is permitted).
 */
final class DevicePointers {
    private static final Field NATIVE_POINTER = field(NativePointerObject.class, "nativePointer");
    private static final Field BYTE_OFFSET = field(Pointer.class, "byteOffset");

    private DevicePointers() {
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this JCuda version has no " + type.getSimpleName() + "." + name
                    + " field; the JNA cuBLAS binding needs it to read device addresses", e);
        }
    }

    /** The device address {@code p} points to: its allocation's address plus its byte offset. */
    static long address(CUdeviceptr p) {
        try {
            return NATIVE_POINTER.getLong(p) + BYTE_OFFSET.getLong(p);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
