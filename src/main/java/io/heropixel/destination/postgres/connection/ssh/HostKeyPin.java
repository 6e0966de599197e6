package io.heropixel.destination.postgres.connection.ssh;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.error.ConfigException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * The {@code known_host_key} setting: the SHA256 fingerprints the jump server's host key may have. Accepts
 * an OpenSSH public key ({@code ssh-ed25519 AAAA... comment}), a known_hosts or {@code ssh-keyscan} line
 * ({@code host ssh-ed25519 AAAA...}), a fingerprint ({@code SHA256:...}, as {@code ssh-keygen -l} prints
 * it), or several of them on separate lines or separated by commas.
 *
 * @param fingerprints the accepted fingerprints ({@code SHA256:} plus unpadded base64); empty = not pinned
 */
record HostKeyPin(Set<String> fingerprints) {
    static final String SHA256 = "SHA256:";

    HostKeyPin {
        fingerprints = Set.copyOf(fingerprints);
    }

    static HostKeyPin parse(String setting) {
        requireNonNull(setting, "setting is null");
        List<String> fingerprints = new ArrayList<>();
        String[] tokens = setting.replace("\\n", "\n").trim().split("[\\s,]+");
        for (String token : tokens) {
            if (token.startsWith(SHA256)) {
                fingerprints.add(SHA256 + stripPadding(token.substring(SHA256.length())));
            } else if (token.startsWith("AAAA")) {
                fingerprints.add(fingerprintOfBlob(token));
            }
        }
        if (fingerprints.isEmpty() && !setting.isBlank()) {
            throw new ConfigException("known_host_key is neither an SSH public key nor a SHA256 fingerprint."
                    + " Set it to the jump server's host key as OpenSSH prints it (for example the output of"
                    + " `ssh-keyscan -t ed25519 <tunnel_host>`: \"ssh-ed25519 AAAA...\"), to its fingerprint"
                    + " (\"SHA256:...\"), or leave it empty to accept the key and log it.");
        }
        return new HostKeyPin(Set.copyOf(fingerprints));
    }

    boolean pinned() {
        return !fingerprints.isEmpty();
    }

    boolean accepts(PublicKey key) {
        return fingerprints.contains(fingerprint(key));
    }

    /** {@code SHA256:<unpadded base64>}, the form {@code ssh-keygen -l} prints. */
    static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    /** The key as one OpenSSH line, ready to paste into {@code known_host_key}. */
    static String openSshLine(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }

    static String type(PublicKey key) {
        return KeyUtils.getKeyType(key);
    }

    private static String fingerprintOfBlob(String base64) {
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(base64);
            ByteBuffer buffer = ByteBuffer.wrap(blob);
            int typeLength = buffer.getInt();
            if (typeLength <= 0 || typeLength > 64) {
                throw new IllegalArgumentException("not a key blob");
            }
            byte[] type = new byte[typeLength];
            buffer.get(type);
            if (!new String(type, StandardCharsets.US_ASCII).matches("[a-z0-9@.\\-]+")) {
                throw new IllegalArgumentException("not a key blob");
            }
        } catch (RuntimeException e) {
            throw new ConfigException("known_host_key contains \"" + abbreviate(base64)
                    + "\", which is not a valid SSH public key. Copy the key again (for example from"
                    + " `ssh-keyscan <tunnel_host>` or the server's /etc/ssh/ssh_host_*_key.pub).");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return SHA256 + stripPadding(Base64.getEncoder().encodeToString(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String stripPadding(String base64) {
        return base64.replaceAll("=+$", "");
    }

    private static String abbreviate(String text) {
        return text.length() <= 24 ? text : text.substring(0, 20) + "...";
    }
}
