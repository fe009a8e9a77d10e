package io.exmy.cli.common;

import io.exmy.results.ResultsStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What one command line reads and writes, checked before the command does any work. Refused,
 * each with one line naming the options involved:
 * <ul>
 * <li>an output that is one of the inputs — the same file by real path or by file identity, so a
 *     symbolic or hard link to an input counts;</li>
 * <li>two outputs that are the same file;</li>
 * <li>an output that is a directory, or whose directory does not exist;</li>
 * <li>an output inside a results store (its records, checkpoints and models are exmy's own: a
 *     record is never rewritten, and only a run writes its checkpoints).</li>
 * </ul>
 * A command that writes into a directory (plots, a report) names the files it may put there.
 * Commands whose output is a results store itself (sweep, train, run) declare it as a store.
 */
public final class CommandFiles {
    /** A path as the user named it, and the option or parameter that named it. */
    record Named(String role, Path path, boolean dirMayBeNew) {
        Named(String role, Path path) {
            this(role, path, false);
        }
    }

    private final List<Named> inputs = new ArrayList<>();
    private final List<Named> outputs = new ArrayList<>();
    private final List<Named> outputDirs = new ArrayList<>();
    private final List<Named> stores = new ArrayList<>();

    /** A file (or a directory, such as a results store) the command reads; null is skipped. */
    public CommandFiles reads(String role, Path p) {
        if (p != null && !p.toString().equals("-")) {
            inputs.add(new Named(role, p));
        }
        return this;
    }

    /** A file the command writes; null (an output not asked for) and "-" (standard output) are skipped. */
    public CommandFiles writes(String role, Path p) {
        if (p != null && !p.toString().equals("-")) {
            outputs.add(new Named(role, p));
        }
        return this;
    }

    /** A directory the command creates if needed and writes the named files into. */
    public CommandFiles writesInto(String role, Path dir, Collection<String> names) {
        if (dir != null) {
            outputDirs.add(new Named(role, dir));
            for (String n : names) {
                outputs.add(new Named(role + " (" + n + ")", dir.resolve(n), true));
            }
        }
        return this;
    }

    /** A results store the command creates or adds records to. */
    public CommandFiles writesStore(String role, Path dir) {
        if (dir != null) {
            stores.add(new Named(role, dir));
        }
        return this;
    }

    /** Throws a {@link UserError} for the first conflict found. */
    public void check() {
        List<Identity> in = new ArrayList<>();
        for (Named n : inputs) {
            in.add(Identity.of(n.path()));
        }
        List<Identity> out = new ArrayList<>();
        for (Named d : outputDirs) {
            if (Files.exists(d.path()) && !Files.isDirectory(d.path())) {
                throw new UserError(d.role() + " " + d.path() + " is a file, not a directory: give a directory name");
            }
            insideStore(d, Identity.of(d.path()));
        }
        for (Named o : outputs) {
            Identity id = Identity.of(o.path());
            if (Files.isDirectory(o.path())) {
                throw new UserError(o.role() + " " + o.path() + " is a directory: give a file name");
            }
            if (!o.dirMayBeNew() && id.parentMissing()) {
                throw new UserError(o.role() + " " + o.path() + ": directory " + id.real().getParent()
                        + " does not exist: create it first");
            }
            for (int i = 0; i < inputs.size(); i++) {
                if (id.same(in.get(i))) {
                    throw new UserError(o.role() + " " + o.path() + " is the input " + inputs.get(i).role() + " "
                            + inputs.get(i).path() + " (the same file): write the output to another file");
                }
            }
            for (int i = 0; i < out.size(); i++) {
                if (id.same(out.get(i))) {
                    Named other = outputs.get(i);
                    throw new UserError(other.role() + " and " + o.role() + " both write " + o.path()
                            + ": give each output its own file");
                }
            }
            insideStore(o, id);
            out.add(id);
        }
        for (Named s : stores) {
            if (Files.exists(s.path()) && !Files.isDirectory(s.path())) {
                throw new UserError(s.role() + " " + s.path() + " is a file, not a directory: give the results store's directory");
            }
            Identity sid = Identity.of(s.path());
            if (sid.real().getParent() != null) {
                insideStore(s, new Identity(sid.real().getParent(), null, false));
            }
            for (Named d : outputDirs) {
                if (sid.same(Identity.of(d.path()))) {
                    throw new UserError(d.role() + " and " + s.role() + " are both " + s.path()
                            + ": the report and the results store need directories of their own");
                }
            }
        }
    }

    private static void insideStore(Named o, Identity id) {
        for (Path p = id.real(); p != null; p = p.getParent()) {
            if (ResultsStore.isStore(p)) {
                throw new UserError(o.role() + " " + o.path() + " is inside the results store " + p
                        + " (its records, checkpoints and models are written by exmy only): write it elsewhere");
            }
        }
    }

    /**
     * Where a path leads: its real path (links resolved; for a file that does not exist yet, the
     * real path of its nearest existing ancestor plus the rest) and, for an existing file, its file
     * key (device and inode on Unix), which also identifies hard links.
     */
    record Identity(Path real, Object fileKey, boolean parentMissing) {
        static Identity of(Path p) {
            Path abs = p.toAbsolutePath().normalize();
            try {
                if (Files.exists(abs)) {
                    Object key = Files.readAttributes(abs, BasicFileAttributes.class).fileKey();
                    return new Identity(abs.toRealPath(), key, false);
                }
                Path existing = abs.getParent();
                while (existing != null && !Files.exists(existing)) {
                    existing = existing.getParent();
                }
                Path real = existing == null ? abs : existing.toRealPath().resolve(existing.relativize(abs));
                return new Identity(real, null, abs.getParent() != null && !Files.isDirectory(abs.getParent()));
            } catch (IOException e) {
                return new Identity(abs, null, false); // unreadable: the command's own access will say why
            }
        }

        boolean same(Identity o) {
            return real.equals(o.real) || (fileKey != null && Objects.equals(fileKey, o.fileKey));
        }
    }
}
