package org.medwarn.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** PBKDF2-HMAC-SHA256 password hashes with salt and iterations in the hash string. */
class PasswordHashTest {

    @Test
    void aHashVerifiesItsPasswordOnly() {
        String h = PasswordHash.hash("s3cret-密码".toCharArray(), 2_000);
        assertThat(h).startsWith("pbkdf2-sha256$2000$");
        assertThat(h.split("\\$")).hasSize(4);
        assertThat(PasswordHash.verify("s3cret-密码".toCharArray(), h)).isTrue();
        assertThat(PasswordHash.verify("s3cret-密".toCharArray(), h)).isFalse();
        assertThat(PasswordHash.verify("".toCharArray(), h)).isFalse();
    }

    @Test
    void everyHashHasItsOwnSalt() {
        String a = PasswordHash.hash("same".toCharArray(), 1_000);
        String b = PasswordHash.hash("same".toCharArray(), 1_000);
        assertThat(a).isNotEqualTo(b);
        assertThat(PasswordHash.verify("same".toCharArray(), a)).isTrue();
        assertThat(PasswordHash.verify("same".toCharArray(), b)).isTrue();
    }

    /**
     * The stored hash is standard PBKDF2 (RFC 8018) with HMAC-SHA256, checked with a plain HMAC.
     */
    @Test
    void isStandardPbkdf2HmacSha256() throws Exception {
        String h = PasswordHash.hash("password".toCharArray(), 1_000);
        String[] p = h.split("\\$");
        byte[] salt = Base64.getDecoder().decode(p[2]);
        byte[] expected = Base64.getDecoder().decode(p[3]);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("password".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] t = u.clone();
        for (int i = 1; i < 1_000; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < t.length; j++) {
                t[j] ^= u[j];
            }
        }
        assertThat(t).isEqualTo(expected);
    }

    @Test
    void badHashesAndWorkFactorsAreRefusedWithoutShowingTheHash() {
        assertThatThrownBy(() -> PasswordHash.verify("x".toCharArray(), "plain-text"))
                .hasMessageStartingWith("password_hash: not 'pbkdf2-sha256$");
        assertThatThrownBy(
                        () ->
                                PasswordHash.check(
                                        "pbkdf2-sha256$10$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"))
                .hasMessage("password_hash: iterations 10 is below 1000");
        assertThatThrownBy(() -> PasswordHash.check("pbkdf2-sha256$x$a$b"))
                .hasMessage("password_hash: iterations 'x' is not a whole number");
        assertThatThrownBy(() -> PasswordHash.check("pbkdf2-sha256$1000$!!$!!"))
                .hasMessage("password_hash: salt or hash is not base64");
        assertThatThrownBy(() -> PasswordHash.hash("x".toCharArray(), 5))
                .hasMessage("iterations: 5 is below 1000");
    }

    @Test
    void theDemoUsersLogInWithThePrintedPasswords() {
        UserDirectory demo = UserDirectory.demo();
        for (String line : ConsoleServer.DEMO_USERS) {
            String[] f = line.split("\\s+/\\s+|\\s+");
            assertThat(demo.authenticate(f[0], f[1].toCharArray())).as(f[0]).isPresent();
            assertThat(demo.user(f[0]).orElseThrow().role().name()).isEqualTo(f[2]);
        }
        assertThat(demo.size()).isEqualTo(ConsoleServer.DEMO_USERS.length);
    }
}
