package io.heropixel.destination.postgres.connection.ssh;

import io.heropixel.destination.postgres.error.ConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Reads the {@code ssh_key} setting: an OpenSSH or PEM (PKCS#1, SEC1, PKCS#8) private key, RSA, ECDSA or
 * Ed25519, in memory. Tolerates literal {@code \n} sequences, Windows line ends, surrounding blanks and
 * a body whose line breaks were lost. The key text never appears in a message.
 */
final class PrivateKeys {
    static final String UNREADABLE = "The SSH private key (ssh_key) could not be read as an OpenSSH or PEM"
            + " private key. Paste the whole private key file, including its -----BEGIN ...----- and"
            + " -----END ...----- lines; RSA, ECDSA and Ed25519 keys are supported.";
    static final String ENCRYPTED = "The SSH private key (ssh_key) is encrypted with a passphrase, which"
            + " this connector cannot use. Provide an unencrypted key: for example decrypt a copy of the key"
            + " file with `ssh-keygen -p -N \"\" -f <copy of the key file>` and paste that copy.";

    private static final Pattern ARMOR =
            Pattern.compile("(-----BEGIN ([A-Z0-9 ]+)-----)(.*?)(-----END \\2-----)", Pattern.DOTALL);
    private static final byte[] OPENSSH_MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final NamedResource RESOURCE = NamedResource.ofName("ssh_key");

    private PrivateKeys() {}

    /** The key pairs in {@code text}; at least one. */
    static List<KeyPair> parse(String text) {
        String normalized = normalize(text);
        checkNotAPublicOrPuttyKey(normalized);
        if (isEncrypted(normalized)) {
            throw new ConfigException(ENCRYPTED);
        }
        Collection<KeyPair> pairs;
        try {
            pairs = SecurityUtils.getKeyPairResourceParser()
                    .loadKeyPairs((SessionContext) null, RESOURCE, NoPassphrase.INSTANCE, normalized);
        } catch (PassphraseNeeded e) {
            throw new ConfigException(ENCRYPTED);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // The library's message can quote parts of the key: keep it out of the user's message.
            throw new ConfigException(UNREADABLE + " (" + e.getClass().getSimpleName() + ")");
        }
        if (pairs == null || pairs.isEmpty() || pairs.stream().anyMatch(p -> p.getPrivate() == null)) {
            throw new ConfigException(UNREADABLE);
        }
        return List.copyOf(pairs);
    }

    private static void checkNotAPublicOrPuttyKey(String normalized) {
        String start = normalized.stripLeading();
        if (start.startsWith("ssh-") || start.startsWith("ecdsa-") || start.contains("PUBLIC KEY-----")) {
            throw new ConfigException("ssh_key holds a public key. Paste the private key instead (the file"
                    + " without .pub, starting with -----BEGIN ... PRIVATE KEY-----); the public key belongs in"
                    + " ~/.ssh/authorized_keys of tunnel_user on the jump server.");
        }
        if (start.startsWith("PuTTY-User-Key-File")) {
            throw new ConfigException("ssh_key is a PuTTY (.ppk) key, which this connector cannot read. Export"
                    + " it in OpenSSH form (PuTTYgen: Conversions > Export OpenSSH key, without a passphrase)"
                    + " and paste that.");
        }
    }

    /**
     * Real line breaks, trimmed, each PEM body re-wrapped (its line breaks may have been lost), and
     * {@code EC PARAMETERS} blocks (which {@code openssl ecparam -genkey} writes first) dropped.
     */
    static String normalize(String text) {
        String unescaped = text.replace("\\r\\n", "\n")
                .replace("\\n", "\n")
                .replace("\r\n", "\n")
                .replace('\r', '\n');
        Matcher matcher = ARMOR.matcher(unescaped);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String body = matcher.group(3);
            if (matcher.group(2).equals("EC PARAMETERS")) {
                continue;
            }
            if (body.contains(":")) {
                // PEM headers (Proc-Type, DEK-Info): keep the layout.
                result.append(matcher.group().trim()).append('\n');
                continue;
            }
            String base64 = body.replaceAll("\\s+", "");
            result.append(matcher.group(1)).append('\n');
            for (int i = 0; i < base64.length(); i += 64) {
                result.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
            }
            result.append(matcher.group(4)).append('\n');
        }
        return result.length() == 0 ? unescaped.trim() + "\n" : result.toString();
    }

    private static boolean isEncrypted(String normalized) {
        if (normalized.contains("Proc-Type: 4,ENCRYPTED") || normalized.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            return true;
        }
        Matcher matcher = ARMOR.matcher(normalized);
        while (matcher.find()) {
            if (matcher.group(2).equals("OPENSSH PRIVATE KEY") && isEncryptedOpenSsh(matcher.group(3))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEncryptedOpenSsh(String body) {
        try {
            ByteBuffer blob = ByteBuffer.wrap(Base64.getMimeDecoder().decode(body));
            for (byte expected : OPENSSH_MAGIC) {
                if (blob.get() != expected) {
                    return false;
                }
            }
            byte[] cipher = new byte[blob.getInt()];
            blob.get(cipher);
            return !new String(cipher, StandardCharsets.US_ASCII).equals("none");
        } catch (RuntimeException e) {
            return false; // not decodable: the parser reports it as unreadable
        }
    }

    /** Raised instead of asking for a passphrase that we do not have. */
    private static final class PassphraseNeeded extends IOException {
        PassphraseNeeded() {
            super("passphrase needed");
        }
    }

    private enum NoPassphrase implements FilePasswordProvider {
        INSTANCE;

        @Override
        public String getPassword(SessionContext session, NamedResource resourceKey, int retryIndex)
                throws IOException {
            throw new PassphraseNeeded();
        }
    }
}
