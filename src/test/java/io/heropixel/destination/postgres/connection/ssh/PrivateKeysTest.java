package io.heropixel.destination.postgres.connection.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.testing.TestingSshServerKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrivateKeysTest {
    private static final Map<String, KeyPair> KEYS = Map.of(
            "ssh-rsa", TestingSshServerKeys.generate("ssh-rsa"),
            "ecdsa-sha2-nistp256", TestingSshServerKeys.generate("ecdsa-sha2-nistp256"),
            "ssh-ed25519", TestingSshServerKeys.generate("ssh-ed25519"));

    static Stream<Arguments> renderings() {
        Map<String, Function<KeyPair, String>> forms = Map.of(
                "openssh", TestingSshServerKeys::openSsh,
                "pem", pair -> TestingSshServerKeys.pem(pair, null),
                "pkcs8", TestingSshServerKeys::pkcs8,
                "openssh with literal \\n",
                        pair -> TestingSshServerKeys.escapedNewlines(TestingSshServerKeys.openSsh(pair)),
                "pem with literal \\n",
                        pair -> TestingSshServerKeys.escapedNewlines(TestingSshServerKeys.pem(pair, null)),
                "openssh padded with blanks and CRLF",
                        pair -> "  \n" + TestingSshServerKeys.openSsh(pair).replace("\n", "\r\n") + "\n\n ",
                "openssh on one line with spaces",
                        pair -> TestingSshServerKeys.openSsh(pair).strip().replace("\n", " "));
        return KEYS.keySet().stream()
                .flatMap(type -> forms.keySet().stream().map(form -> Arguments.of(type, form, forms.get(form))))
                .filter(a -> !(a.get()[0].equals("ssh-ed25519") && ((String) a.get()[1]).startsWith("pem")));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("renderings")
    void readsEveryCommonRendering(String type, String form, Function<KeyPair, String> render) {
        KeyPair expected = KEYS.get(type);
        List<KeyPair> pairs = PrivateKeys.parse(render.apply(expected));
        assertThat(pairs).hasSize(1);
        assertThat(KeyUtils.getKeyType(pairs.get(0))).isEqualTo(type);
        assertThat(KeyUtils.compareKeys(pairs.get(0).getPublic(), expected.getPublic()))
                .isTrue();
        assertThat(KeyUtils.compareKeys(pairs.get(0).getPrivate(), expected.getPrivate()))
                .isTrue();
    }

    /** Cross-check with the real tools when they are installed (skipped otherwise). */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "rsa RFC4716",
                "rsa PEM",
                "rsa PKCS8",
                "ecdsa RFC4716",
                "ecdsa PEM",
                "ecdsa PKCS8",
                "ed25519 RFC4716"
            })
    void readsKeysWrittenBySshKeygen(String typeAndFormat, @TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen is not installed");
        String[] parts = typeAndFormat.split(" ");
        Path file = dir.resolve("key");
        Process process = new ProcessBuilder(
                        "/usr/bin/ssh-keygen", "-q", "-t", parts[0], "-m", parts[1], "-N", "", "-f", file.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor()).isZero();
        PublicKey expected = PublicKeyEntry.parsePublicKeyEntry(
                        Files.readString(dir.resolve("key.pub")).trim())
                .resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
        List<KeyPair> pairs = PrivateKeys.parse(TestingSshServerKeys.escapedNewlines(Files.readString(file)));
        assertThat(pairs).singleElement().satisfies(pair -> assertThat(KeyUtils.compareKeys(pair.getPublic(), expected))
                .isTrue());
    }

    @Test
    void skipsTheEcParametersBlockThatOpensslWritesFirst() {
        KeyPair pair = KEYS.get("ecdsa-sha2-nistp256");
        String key = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + TestingSshServerKeys.pem(pair, null);
        assertThat(PrivateKeys.parse(key)).singleElement().satisfies(parsed -> assertThat(
                        KeyUtils.compareKeys(parsed.getPublic(), pair.getPublic()))
                .isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssh-rsa", "ecdsa-sha2-nistp256", "ssh-ed25519"})
    void refusesAnOpenSshKeyWithAPassphrase(String type) {
        String key = TestingSshServerKeys.openSsh(KEYS.get(type), "correct horse");
        assertThatThrownBy(() -> PrivateKeys.parse(key))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("encrypted with a passphrase")
                .hasMessageContaining("Provide an unencrypted key");
    }

    @Test
    void refusesPemKeysWithAPassphrase() {
        for (String key : List.of(
                TestingSshServerKeys.pem(KEYS.get("ssh-rsa"), "correct horse"),
                TestingSshServerKeys.pem(KEYS.get("ecdsa-sha2-nistp256"), "correct horse"),
                TestingSshServerKeys.encryptedPkcs8(KEYS.get("ssh-rsa"), "correct horse"),
                TestingSshServerKeys.escapedNewlines(TestingSshServerKeys.pem(KEYS.get("ssh-rsa"), "pw")))) {
            assertThatThrownBy(() -> PrivateKeys.parse(key))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("encrypted with a passphrase");
        }
    }

    @Test
    void aPublicKeyOrAPuttyKeyIsNamedAsSuch() {
        String publicKey = PublicKeyEntry.toString(KEYS.get("ssh-ed25519").getPublic()) + " me@laptop";
        assertThatThrownBy(() -> PrivateKeys.parse(publicKey))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ssh_key holds a public key");
        assertThatThrownBy(() -> PrivateKeys.parse("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PuTTY");
    }

    @Test
    void garbageIsReportedWithoutQuotingIt() {
        String openSsh = TestingSshServerKeys.openSsh(KEYS.get("ssh-ed25519"));
        String[] lines = openSsh.split("\n");
        String truncated = lines[0] + "\n" + lines[1] + "\n" + lines[lines.length - 1];
        for (String key : List.of("not a key at all", truncated, "AAAAC3NzaC1lZDI1NTE5AAAAIJ")) {
            assertThatThrownBy(() -> PrivateKeys.parse(key))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("could not be read as an OpenSSH or PEM private key")
                    .satisfies(e ->
                            assertThat(e.getMessage()).doesNotContain(lines[1]).doesNotContain("not a key at all"));
        }
    }
}
