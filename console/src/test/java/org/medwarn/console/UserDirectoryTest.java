package org.medwarn.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users file and the sessions. */
class UserDirectoryTest {

    private static final String HASH = PasswordHash.hash("pw".toCharArray(), 1_000);

    private static String file(String... users) {
        return "users:\n" + String.join("\n", users) + "\n";
    }

    private static String user(String name, String role, String township) {
        return "  - name: "
                + name
                + "\n    role: "
                + role
                + (township == null ? "" : "\n    township_code: \"" + township + "\"")
                + "\n    password_hash: \""
                + HASH
                + "\"";
    }

    private static UserDirectory load(Path dir, String text) throws Exception {
        Path f = dir.resolve("users.yaml");
        Files.writeString(f, text);
        return UserDirectory.load(f);
    }

    @Test
    void readsUsersWithRolesAndTownships(@TempDir Path dir) throws Exception {
        UserDirectory users =
                load(
                        dir,
                        file(
                                user("county", "COUNTY_OFFICER", null),
                                user("t2", "TOWNSHIP_OFFICER", "371525101"),
                                user("t1", "TOWNSHIP_OFFICER", "371525101"),
                                user("t3", "TOWNSHIP_OFFICER", "371525001")));
        assertThat(users.authenticate("county", "pw".toCharArray())).isPresent();
        assertThat(users.authenticate("county", "PW".toCharArray())).isEmpty();
        assertThat(users.authenticate("nobody", "pw".toCharArray())).isEmpty();
        assertThat(users.townshipOfficers("371525101"))
                .extracting(ConsoleUser::name)
                .containsExactly("t1", "t2");
        assertThat(users.user("t3").orElseThrow().scope()).isEqualTo("371525001");
        assertThat(users.user("county").orElseThrow().scope()).isNull();
    }

    @Test
    void errorsNameTheUserTheKeyAndTheValue(@TempDir Path dir) {
        assertThatThrownBy(() -> load(dir, file(user("a", "BOSS", null))))
                .hasMessageContaining("users[1] 'a': role: 'BOSS' is not one of LEADERSHIP");
        assertThatThrownBy(() -> load(dir, file(user("a", "TOWNSHIP_OFFICER", null))))
                .hasMessageContaining("township_code: 'null' is not a 9-digit township code");
        assertThatThrownBy(() -> load(dir, file(user("a", "LEADERSHIP", "371525101"))))
                .hasMessageContaining("township_code: only a TOWNSHIP_OFFICER has one");
        assertThatThrownBy(
                        () ->
                                load(
                                        dir,
                                        file(
                                                user("a", "LEADERSHIP", null),
                                                user("a", "LEADERSHIP", null))))
                .hasMessageContaining("users[2] 'a': name: 'a' appears twice");
        assertThatThrownBy(
                        () -> load(dir, file(user("a", "LEADERSHIP", null) + "\n    pasword: x")))
                .hasMessageContaining("unknown key 'pasword'");
        assertThatThrownBy(
                        () ->
                                load(
                                        dir,
                                        "users:\n  - name: a\n    role: LEADERSHIP\n"
                                                + "    password_hash: secret\n"))
                .hasMessageContaining("'a': password_hash: not 'pbkdf2-sha256$");
        assertThatThrownBy(() -> UserDirectory.load(dir.resolve("missing.yaml")))
                .hasMessageContaining("--users: file '")
                .hasMessageContaining("missing.yaml' not found");
    }

    @Test
    void sessionsExpireAfterTheIdleTimeoutAndEachHasItsOwnCsrfToken() {
        AtomicLong now = new AtomicLong(1_000_000);
        Sessions sessions = new Sessions(Duration.ofMinutes(30), now::get);
        ConsoleUser u = new ConsoleUser("u", "u", ConsoleRole.LEADERSHIP, null, HASH);
        Sessions.Session a = sessions.create(u);
        Sessions.Session b = sessions.create(u);
        assertThat(a.id).isNotEqualTo(b.id);
        assertThat(a.csrfToken).isNotEqualTo(b.csrfToken).isNotEqualTo(a.id);
        assertThat(a.csrfMatches(a.csrfToken)).isTrue();
        assertThat(a.csrfMatches(b.csrfToken)).isFalse();
        assertThat(a.csrfMatches(null)).isFalse();

        now.addAndGet(Duration.ofMinutes(29).toMillis());
        assertThat(sessions.find(a.id)).isPresent(); // touched: idle time starts again
        now.addAndGet(Duration.ofMinutes(29).toMillis());
        assertThat(sessions.find(a.id)).isPresent();
        assertThat(sessions.find(b.id)).isEmpty(); // 58 minutes idle
        now.addAndGet(Duration.ofMinutes(30).toMillis());
        assertThat(sessions.find(a.id)).isEmpty();
        assertThat(sessions.size()).isZero();
        Sessions.Session c = sessions.create(u);
        sessions.end(c.id);
        assertThat(sessions.find(c.id)).isEmpty();
    }
}
