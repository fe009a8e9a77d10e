package io.exmy.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** A titled table of results; cells are numbers (formatted on output) or text. */
public final class Table {
    private final String title;
    private final List<String> headers;
    private final List<List<Object>> rows = new ArrayList<>();

    public Table(String title, String... headers) {
        this.title = title;
        this.headers = List.of(headers);
    }

    public Table add(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("table " + title + ": " + cells.length + " cells for " + headers.size() + " columns");
        }
        rows.add(Collections.unmodifiableList(new ArrayList<>(Arrays.asList(cells))));
        return this;
    }

    public String title() {
        return title;
    }

    public List<String> headers() {
        return headers;
    }

    public List<List<Object>> rows() {
        return Collections.unmodifiableList(rows);
    }
}
