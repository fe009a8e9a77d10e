package io.exmy.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Any local file, used as is. */
public final class TextFileCorpus implements Corpus {
    private final Path path;

    public TextFileCorpus(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    @Override
    public String id() {
        return "file:" + path;
    }

    @Override
    public byte[] bytes() {
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException("corpus file " + path + " is a directory: give a text file (file:PATH)");
        }
        try {
            byte[] b = Files.readAllBytes(path);
            if (b.length == 0) {
                throw new IllegalArgumentException("corpus file " + path + " is empty: give a text file to train on");
            }
            return b;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("corpus file " + path + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read corpus file " + path + ": " + io.exmy.io.IoMessages.reason(e), e);
        }
    }
}
