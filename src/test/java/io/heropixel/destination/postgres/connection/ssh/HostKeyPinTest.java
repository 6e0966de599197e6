package io.heropixel.destination.postgres.connection.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.testing.TestingSshServerKeys;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostKeyPinTest {

    @ParameterizedTest
    @ValueSource(strings = {"ssh-rsa", "ecdsa-sha2-nistp256", "ssh-ed25519"})
    void aPublicKeyLinePinsThatKeysFingerprint(String type) {
        KeyPair key = TestingSshServerKeys.generate(type);
        KeyPair other = TestingSshServerKeys.generate(type);
        HostKeyPin pin = HostKeyPin.parse(HostKeyPin.openSshLine(key.getPublic()) + " root@bastion");
        assertThat(pin.pinned()).isTrue();
        assertThat(pin.fingerprints()).containsExactly(HostKeyPin.fingerprint(key.getPublic()));
        assertThat(pin.accepts(key.getPublic())).isTrue();
        assertThat(pin.accepts(other.getPublic())).isFalse();
    }

    @Test
    void fingerprintsKnownHostsLinesAndListsAreAccepted() {
        KeyPair first = TestingSshServerKeys.generate("ssh-ed25519");
        KeyPair second = TestingSshServerKeys.generate("ecdsa-sha2-nistp256");
        String firstPrint = HostKeyPin.fingerprint(first.getPublic());
        HostKeyPin pin = HostKeyPin.parse("bastion.example.com " + HostKeyPin.openSshLine(second.getPublic())
                + "\\n256 " + firstPrint + "= root@bastion (ED25519)");
        assertThat(pin.accepts(first.getPublic())).isTrue();
        assertThat(pin.accepts(second.getPublic())).isTrue();
        assertThat(HostKeyPin.parse(firstPrint + ", " + HostKeyPin.fingerprint(second.getPublic()))
                        .fingerprints())
                .hasSize(2);
    }

    @Test
    void anEmptySettingPinsNothing() {
        assertThat(HostKeyPin.parse("").pinned()).isFalse();
        assertThat(HostKeyPin.parse("  ").pinned()).isFalse();
    }

    @Test
    void somethingElseIsAConfigError() {
        assertThatThrownBy(() -> HostKeyPin.parse("bastion.example.com"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("known_host_key is neither an SSH public key nor a SHA256 fingerprint");
        assertThatThrownBy(() -> HostKeyPin.parse("ssh-ed25519 AAAA!!notbase64"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a valid SSH public key");
    }
}
