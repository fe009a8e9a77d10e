package io.exmy.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock within one JVM (threads, as the sweep tests run executors); across processes see the sweep tests. */
class ProcessLockTest {
    @TempDir
    Path dir;

    @Test
    void oneHolderAtATimeAndItsNameForMessages() throws Exception {
        Path f = dir.resolve("claims/a.lock");
        ProcessLock first = ProcessLock.tryAcquire(f).orElseThrow();
        assertTrue(Files.readString(f).contains("pid " + ProcessHandle.current().pid()), Files.readString(f));
        assertTrue(ProcessLock.tryAcquire(f).isEmpty(), "a second claim in the same JVM is refused, not an exception");
        Optional<ProcessLock.Holder> h = ProcessLock.holder(f);
        assertEquals(ProcessHandle.current().pid(), h.orElseThrow().pid());
        assertTrue(h.get().describe().contains("(this process)"), h.get().describe());
        // asking who holds it did not release it (one channel per file in a JVM)
        assertTrue(ProcessLock.tryAcquire(f).isEmpty());
        first.close();
        assertTrue(ProcessLock.holder(f).isEmpty());
        ProcessLock again = ProcessLock.tryAcquire(f).orElseThrow();
        again.closeAndDelete();
        assertFalse(Files.exists(f));
        assertTrue(ProcessLock.holder(f).isEmpty());
    }

    @Test
    void awaitReturnsWhenTheHolderLetsGo() throws Exception {
        Path f = dir.resolve("b.lock");
        ProcessLock held = ProcessLock.tryAcquire(f).orElseThrow();
        AtomicReference<ProcessLock.Holder> told = new AtomicReference<>();
        CompletableFuture<ProcessLock> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return ProcessLock.await(f, 20, told::set);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertFalse(waiter.isDone(), "waits while the lock is held");
        assertEquals(held.holder(), told.get());
        held.close();
        ProcessLock got = waiter.get(10, TimeUnit.SECONDS);
        assertTrue(ProcessLock.tryAcquire(f).isEmpty());
        got.close();
    }

    @Test
    void aHalfWrittenHolderFileStillDescribes() {
        ProcessLock.Holder h = ProcessLock.Holder.parse("pid 12\nhost no");
        assertEquals(12, h.pid());
        assertEquals("no", h.host());
        assertTrue(h.describe().startsWith("pid 12 on no since ?"), h.describe());
    }
}
