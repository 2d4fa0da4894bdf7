package org.medwarn.region;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Region names by 统计用区划代码 (6-digit county, 9-digit township, 12-digit village code), for the search
 * documents. Pure and serializable; an unknown code is its own name, so a missing directory entry
 * never hides a document.
 *
 * <p>File format: UTF-8 TSV, {@code code<TAB>name} per line; blank lines and lines starting with
 * {@code #} are ignored. The default is the resource {@value #DEFAULT_RESOURCE} (冠县 and its 18
 * townships, DOMAIN.md §2).
 */
public final class RegionDirectory implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_RESOURCE = "/medwarn/regions/371525.tsv";

    private final HashMap<String, String> names;

    private RegionDirectory(Map<String, String> names) {
        this.names = new HashMap<>(names);
    }

    /** A directory with the given names. */
    public static RegionDirectory of(Map<String, String> names) {
        return new RegionDirectory(names);
    }

    /** The default directory, from {@value #DEFAULT_RESOURCE}. */
    public static RegionDirectory defaultDirectory() {
        try (InputStream in = RegionDirectory.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEFAULT_RESOURCE + " is missing");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads a TSV file.
     *
     * @throws IllegalArgumentException naming the file, line and content of a malformed line
     */
    public static RegionDirectory load(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        }
    }

    static RegionDirectory parse(Reader reader, String source) throws IOException {
        Map<String, String> names = new HashMap<>();
        BufferedReader in = new BufferedReader(reader);
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", -1);
            String code = parts[0].strip();
            if (parts.length != 2 || !code.matches("\\d{6}|\\d{9}|\\d{12}")) {
                throw new IllegalArgumentException(
                        source
                                + ":"
                                + n
                                + ": expected '<6, 9 or 12-digit code><TAB><name>', got '"
                                + line
                                + "'");
            }
            names.put(code, parts[1].strip());
        }
        return new RegionDirectory(names);
    }

    /** The name of a region; the code itself when unknown; null for a null code. */
    public String name(String code) {
        return code == null ? null : names.getOrDefault(code, code);
    }

    /** Number of known regions. */
    public int size() {
        return names.size();
    }
}
