package org.medwarn.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The console's users, from a YAML (or JSON) file ({@code --users FILE}):
 *
 * <pre>
 * users:
 *   - name: county1                   # login name: letters, digits, . _ -
 *     display_name: 县医保局 监测专员     # optional
 *     role: COUNTY_OFFICER            # LEADERSHIP | COUNTY_OFFICER | TOWNSHIP_OFFICER | DATA_ENGINEER
 *     password_hash: "pbkdf2-sha256$600000$…$…"   # ./medwarn hash-password
 *   - name: qingquan1
 *     role: TOWNSHIP_OFFICER
 *     township_code: "371525001"      # required for TOWNSHIP_OFFICER (9 digits), else not allowed
 *     password_hash: "…"
 * </pre>
 *
 * Every error names the user, the key and the value. Without {@code --users} the console uses the
 * demo file {@value #DEMO_RESOURCE} (passwords in its comments; for {@code ./medwarn local} only).
 */
public final class UserDirectory {

    /** The demo users of {@code ./medwarn local} (classpath resource). */
    public static final String DEMO_RESOURCE = "/org/medwarn/console/demo-users.yaml";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern TOWNSHIP = Pattern.compile("\\d{9}");
    private static final Set<String> KEYS =
            Set.of("name", "display_name", "role", "township_code", "password_hash");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, ConsoleUser> users;
    private final String source;

    /**
     * Verified against when the user is unknown, with the users' highest work factor, so that an
     * unknown name takes as long as a wrong password (no user enumeration by timing).
     */
    private final String dummyHash;

    private UserDirectory(Map<String, ConsoleUser> users, String source) {
        this.users = users;
        this.source = source;
        int iterations =
                users.values().stream()
                        .mapToInt(u -> PasswordHash.iterations(u.passwordHash()))
                        .max()
                        .orElse(PasswordHash.MIN_ITERATIONS);
        this.dummyHash = PasswordHash.hash("no such user".toCharArray(), iterations);
    }

    /** Reads a users file; the message of the exception names the file, the user and the key. */
    public static UserDirectory load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--users: file '" + file + "' not found");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(YAML.readTree(in), file.toString());
        }
    }

    /** The demo users ({@value #DEMO_RESOURCE}). */
    public static UserDirectory demo() {
        try (InputStream in = UserDirectory.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEMO_RESOURCE + " is missing");
            }
            return parse(YAML.readTree(in), "demo users " + DEMO_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEMO_RESOURCE, e);
        }
    }

    /** Users from a parsed document {@code {users: [...]}}. */
    static UserDirectory parse(JsonNode root, String source) {
        String where = source + ": ";
        if (root == null || !root.path("users").isArray()) {
            throw new IllegalArgumentException(where + "expected a list 'users'");
        }
        Map<String, ConsoleUser> users = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode u : root.path("users")) {
            i++;
            String name = u.path("name").asText(null);
            String at = where + "users[" + i + "]" + (name == null ? "" : " '" + name + "'") + ": ";
            for (Iterator<String> keys = u.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException(at + "unknown key '" + key + "'");
                }
            }
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        at + "name: '" + name + "' is not letters, digits, '.', '_' or '-'");
            }
            if (users.containsKey(name)) {
                throw new IllegalArgumentException(at + "name: '" + name + "' appears twice");
            }
            String roleText = u.path("role").asText(null);
            ConsoleRole role;
            try {
                role = ConsoleRole.valueOf(String.valueOf(roleText));
            } catch (IllegalArgumentException e) {
                role = null;
            }
            if (role == null || !ConsoleRole.USER_ROLES.contains(role)) {
                throw new IllegalArgumentException(
                        at
                                + "role: '"
                                + roleText
                                + "' is not one of LEADERSHIP, COUNTY_OFFICER, TOWNSHIP_OFFICER,"
                                + " DATA_ENGINEER");
            }
            String township = u.path("township_code").asText(null);
            if (role == ConsoleRole.TOWNSHIP_OFFICER) {
                if (township == null || !TOWNSHIP.matcher(township).matches()) {
                    throw new IllegalArgumentException(
                            at
                                    + "township_code: '"
                                    + township
                                    + "' is not a 9-digit township code"
                                    + " (required for TOWNSHIP_OFFICER)");
                }
            } else if (township != null) {
                throw new IllegalArgumentException(
                        at + "township_code: only a TOWNSHIP_OFFICER has one, not " + role);
            }
            String hash = u.path("password_hash").asText(null);
            try {
                PasswordHash.check(hash);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + e.getMessage());
            }
            users.put(
                    name,
                    new ConsoleUser(
                            name, u.path("display_name").asText(name), role, township, hash));
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException(where + "no users");
        }
        return new UserDirectory(Map.copyOf(users), source);
    }

    /** The user with this name and password, or empty (unknown user or wrong password alike). */
    public Optional<ConsoleUser> authenticate(String name, char[] password) {
        ConsoleUser user = name == null ? null : users.get(name);
        if (user == null) {
            PasswordHash.verify(password, dummyHash);
            return Optional.empty();
        }
        return PasswordHash.verify(password, user.passwordHash())
                ? Optional.of(user)
                : Optional.empty();
    }

    public Optional<ConsoleUser> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    /** The township officers of a township, by name: who a warning there can be assigned to. */
    public List<ConsoleUser> townshipOfficers(String townshipCode) {
        List<ConsoleUser> out = new ArrayList<>();
        for (ConsoleUser u : users.values()) {
            if (u.role() == ConsoleRole.TOWNSHIP_OFFICER && u.townshipCode().equals(townshipCode)) {
                out.add(u);
            }
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** Where the users came from (file or demo resource), for the startup message. */
    public String source() {
        return source;
    }

    public int size() {
        return users.size();
    }
}
