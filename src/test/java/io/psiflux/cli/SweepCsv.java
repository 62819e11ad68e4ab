package io.psiflux.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** sweep.csv read back as rows of column name to text (RFC 4180 quoting), for the sweep tests. */
final class SweepCsv {
    private SweepCsv() {
    }

    static List<Map<String, String>> read(Path file) throws IOException {
        List<List<String>> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) lines.add(cells(line));
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> header = lines.get(0);
        for (List<String> l : lines.subList(1, lines.size())) {
            if (l.size() != header.size()) throw new AssertionError("row " + l + " has " + l.size() + " cells, the header " + header.size());
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) row.put(header.get(i), l.get(i));
            rows.add(row);
        }
        return rows;
    }

    static List<String> header(Path file) throws IOException {
        return cells(Files.readAllLines(file).get(0));
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }
}
