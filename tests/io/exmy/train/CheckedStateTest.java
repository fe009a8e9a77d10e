package io.exmy.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.backend.Backend;
import io.exmy.backends.Backends;
import io.exmy.data.BatchSampler;
import io.exmy.io.DamagedFileException;
import io.exmy.sweep.ProgressReporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection on checkpoints and model snapshots: a changed byte anywhere (step counter,
 * parameter, header) is found before the file is used; a run whose checkpoint is damaged or foreign
 * moves it aside and trains from step 0 to the bits of an uninterrupted run; files of format 1
 * (before checksums) are still read, unverified.
 */
class CheckedStateTest {
    @TempDir
    Path dir;

    /** Byte offsets in a version-2 checkpoint whose fingerprint is "run". */
    private static final int VERSION_AT = 8;
    private static final int FINGERPRINT_AT = 14;
    private static final int STEP_AT = 17;
    private static final int PARAMS_AT = 33;

    private final TrainSettings s = TrainFixtures.tiny("{\"tokens\":1280,\"eval_every\":5}");
    private final BatchSampler sampler = TrainFixtures.sampler(s);

    private final List<String> notices = new ArrayList<>();
    private final List<Path> moved = new ArrayList<>();

    private Trainer.Options recovering(Path ckptDir) {
        return new Trainer.Options(ckptDir, 0, ProgressReporter.NONE, Trainer.Snapshots.NONE, new Trainer.Recovery() {
            @Override
            public Path moveAside(Path file) throws IOException {
                Path to = dir.resolve("aside-" + moved.size());
                Files.move(file, to);
                moved.add(to);
                return to;
            }

            @Override
            public void notice(String text) {
                notices.add(text);
            }
        });
    }

    /** A checkpoint after 7 of the 20 steps, in {@code ckptDir}. */
    private Path checkpointAfter7(Backend be, Path ckptDir) throws IOException {
        Files.createDirectories(ckptDir);
        new Trainer(be, s, sampler, "run").run(new Trainer.Options(ckptDir, 0, ProgressReporter.NONE), 7);
        return ckptDir.resolve(Checkpoint.FILE);
    }

    private static void flip(Path f, int at, int mask) throws IOException {
        byte[] b = Files.readAllBytes(f);
        b[at] ^= (byte) mask;
        Files.write(f, b);
    }

    private static void assertRefused(Path f, String expect) {
        DamagedFileException e = assertThrows(DamagedFileException.class, () -> Checkpoint.read(f, "run"));
        assertTrue(e.getMessage().startsWith("checkpoint " + f + " "), e.getMessage());
        assertTrue(e.getMessage().contains(expect), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void everyChangedByteOfACheckpointIsFound() throws Exception {
        try (Backend be = Backends.open("java")) {
            Path f = checkpointAfter7(be, dir.resolve("c"));
            byte[] good = Files.readAllBytes(f);
            assertEquals(7, Checkpoint.read(f, "run").orElseThrow().step());
            assertEquals(7, ByteBuffer.wrap(good, STEP_AT, 4).getInt(), "the step counter is where this test flips it");
            assertEquals('r', good[FINGERPRINT_AT]);
            flip(f, STEP_AT + 2, 0x7f); // 7 -> 32,519 steps
            assertRefused(f, "checksum does not match");
            Files.write(f, good);
            flip(f, PARAMS_AT + 4 * 10 + 3, 0x40); // a parameter's exponent
            assertRefused(f, "checksum does not match");
            Files.write(f, good);
            flip(f, PARAMS_AT + 4 * 3, 0x01); // a parameter's last mantissa bit
            assertRefused(f, "checksum does not match");
            Files.write(f, good);
            flip(f, FINGERPRINT_AT, 0x20); // the header's fingerprint
            assertRefused(f, "checksum does not match");
            Files.write(f, good);
            flip(f, 0, 0x01); // the magic
            assertRefused(f, "not an exmy checkpoint");
            Files.write(f, good);
            flip(f, VERSION_AT + 3, 0x04); // the format version
            assertRefused(f, "format version 6");
            Files.write(f, good);
            flip(f, good.length - 1, 0x10); // the checksum itself
            assertRefused(f, "checksum does not match");
            Files.write(f, Arrays.copyOf(good, good.length - 9));
            assertRefused(f, "checksum does not match");
            Files.write(f, new byte[0]);
            assertRefused(f, "not an exmy checkpoint");
            Files.writeString(f, "garbage garbage garbage");
            assertRefused(f, "not an exmy checkpoint");
        }
    }

    @Test
    void aDamagedOrForeignCheckpointIsMovedAsideAndTheRunStartsAfresh() throws Exception {
        try (Backend be = Backends.open("java")) {
            Trainer.Result whole = new Trainer(be, s, sampler, "run").run(Trainer.Options.none());
            Path ckptDir = dir.resolve("c");
            Path f = checkpointAfter7(be, ckptDir);
            flip(f, STEP_AT + 2, 0x7f);
            // without a recovery (a bare Trainer), an error that says what to do
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> new Trainer(be, s, sampler, "run").run(new Trainer.Options(ckptDir, 0, ProgressReporter.NONE)));
            assertTrue(e.getMessage().contains("delete it to start the run afresh"), e.getMessage());

            Trainer.Result r = new Trainer(be, s, sampler, "run").run(recovering(ckptDir));
            assertEquals(-1, r.resumedAt(), "started from step 0");
            assertEquals(whole.curve().train(), r.curve().train());
            assertEquals(Float.floatToRawIntBits(whole.validationLoss()), Float.floatToRawIntBits(r.validationLoss()));
            assertEquals(1, moved.size());
            assertTrue(notices.get(0).contains(f + " is damaged") && notices.get(0).contains("moved to " + moved.get(0))
                    && notices.get(0).contains("starts again from step 0"), notices.toString());

            // a checkpoint of another run in this run's directory
            notices.clear();
            Files.delete(f); // the run's own last checkpoint
            new Trainer(be, s, sampler, "other").run(new Trainer.Options(ckptDir, 0, ProgressReporter.NONE), 5);
            r = new Trainer(be, s, sampler, "run").run(recovering(ckptDir));
            assertEquals(-1, r.resumedAt());
            assertEquals(whole.curve().train(), r.curve().train());
            assertTrue(notices.get(0).contains("belongs to another run"), notices.toString());
        }
    }

    @Test
    void aResumedRunSaysFromWhere() throws Exception {
        try (Backend be = Backends.open("java")) {
            Path ckptDir = dir.resolve("c");
            Path f = checkpointAfter7(be, ckptDir);
            Trainer.Result r = new Trainer(be, s, sampler, "run").run(recovering(ckptDir));
            assertEquals(7, r.resumedAt());
            assertEquals(List.of("resumed from " + f + " at step 7 of 20 (448 tokens)"), notices);
        }
    }

    /** The same checkpoint in format 1: no checksum, version 1. */
    private static void toLegacy(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        byte[] legacy = Arrays.copyOf(b, b.length - 4);
        ByteBuffer.wrap(legacy).putInt(VERSION_AT, 1);
        Files.write(f, legacy);
    }

    @Test
    void aFormat1CheckpointIsResumedUnverifiedAndItsStepIsStillChecked() throws Exception {
        try (Backend be = Backends.open("java")) {
            Trainer.Result whole = new Trainer(be, s, sampler, "run").run(Trainer.Options.none());
            Path ckptDir = dir.resolve("c");
            Path f = checkpointAfter7(be, ckptDir);
            toLegacy(f);
            Checkpoint c = Checkpoint.read(f, "run").orElseThrow();
            assertFalse(c.verified());
            byte[] legacy = Files.readAllBytes(f);
            Trainer.Result r = new Trainer(be, s, sampler, "run").run(recovering(ckptDir));
            assertEquals(7, r.resumedAt());
            assertEquals(whole.curve().train(), r.curve().train());
            assertTrue(notices.get(0).contains("format-1 checkpoint, read without a checksum"), notices.toString());

            // the adversarial step counter of format 1: caught by the run's own bounds
            notices.clear();
            Files.write(f, legacy);
            flip(f, STEP_AT + 2, 0x7f);
            r = new Trainer(be, s, sampler, "run").run(recovering(ckptDir));
            assertEquals(-1, r.resumedAt());
            assertEquals(whole.curve().train(), r.curve().train());
            assertTrue(notices.get(0).contains("does not fit this run (step 32519 of 20"), notices.toString());
            // and a length field that would run past the end of the file
            Files.write(f, legacy);
            flip(f, PARAMS_AT - 2, 0x10);
            assertRefused(f, "does not fit in the");
        }
    }

    private ModelSnapshot snapshot() {
        ObjectNode cfg = TrainFixtures.json("{\"model\":\"nano\",\"layers\":1,\"width\":16,\"heads\":2,\"context\":16,"
                + "\"corpus\":\"synthetic:symbols=8,order=1,length=60000\",\"batch_size\":4,\"tokens\":640}");
        ObjectNode normalized = new TrainKind().normalize(cfg);
        float[] p = new float[100];
        for (int i = 0; i < p.length; i++) {
            p[i] = i * 0.25f - 3;
        }
        return new ModelSnapshot(io.exmy.sweep.RunConfig.of(TrainKind.NAME, normalized).id(), normalized, 10, 640, p);
    }

    private static void assertSnapshotRefused(Path f, String expect) {
        IOException e = assertThrows(IOException.class, () -> ModelSnapshot.read(f));
        assertTrue(e instanceof DamagedFileException, e.toString());
        assertTrue(e.getMessage().startsWith("model snapshot " + f + " "), e.getMessage());
        assertTrue(e.getMessage().contains(expect), e.getMessage());
    }

    @Test
    void aChangedSnapshotIsFoundAndAFormat1OneIsReadUnverified() throws Exception {
        ModelSnapshot snap = snapshot();
        Path f = dir.resolve("m.snapshot");
        snap.write(f);
        ModelSnapshot back = ModelSnapshot.read(f);
        assertTrue(back.verified());
        assertArrayEquals(snap.params(), back.params());
        byte[] good = Files.readAllBytes(f);
        int payload = good.length - 4 - 8 - 4 * 50; // a parameter in the middle of the payload
        flip(f, payload, 0x01);
        assertSnapshotRefused(f, "checksum does not match");
        Files.write(f, good);
        int header = new String(good, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("\"model\"");
        flip(f, header, 0x02); // the configuration's JSON in the header: '"' -> ' '
        assertSnapshotRefused(f, "checksum does not match");

        // format 1: read unverified; a damaged configuration names the file instead of a parser's message
        Files.write(f, good);
        toLegacy(f);
        back = ModelSnapshot.read(f);
        assertFalse(back.verified());
        assertArrayEquals(snap.params(), back.params());
        byte[] legacy = Files.readAllBytes(f);
        flip(f, header, 0x02);
        assertSnapshotRefused(f, "configuration is not valid JSON");
        Files.write(f, Arrays.copyOf(legacy, legacy.length - 30));
        assertSnapshotRefused(f, "the parameters length 100 does not fit in the");
        Files.write(f, Arrays.copyOf(legacy, legacy.length - 4));
        assertSnapshotRefused(f, "cut short");
    }
}
