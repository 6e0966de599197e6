package io.heropixel.destination.postgres.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/** Generates SSH key pairs and renders their private halves as the texts users paste into ssh_key. */
public final class TestingSshServerKeys {
    private TestingSshServerKeys() {}

    /** A new key pair: {@code ssh-rsa} (3072 bits), {@code ecdsa-sha2-nistp256} or {@code ssh-ed25519}. */
    public static KeyPair generate(String type) {
        try {
            return switch (type) {
                case "ssh-rsa" -> KeyUtils.generateKeyPair(type, 3072);
                case "ecdsa-sha2-nistp256" -> namedCurveKeyPair();
                case "ssh-ed25519" -> KeyUtils.generateKeyPair(type, 256);
                default -> throw new IllegalArgumentException(type);
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Named-curve parameters and the public point inside the private key encoding, as OpenSSH and OpenSSL
     * write them (Bouncy Castle's encoding has both; the JDK's lacks the public point).
     */
    private static KeyPair namedCurveKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** {@code -----BEGIN OPENSSH PRIVATE KEY-----}, as ssh-keygen writes by default. */
    public static String openSsh(KeyPair pair) {
        return openSsh(pair, null);
    }

    /** The OpenSSH form, encrypted with {@code passphrase} when it is not null. */
    public static String openSsh(KeyPair pair, String passphrase) {
        OpenSSHKeyEncryptionContext encryption = null;
        if (passphrase != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setCipherName("AES");
            encryption.setCipherMode("CTR");
            encryption.setCipherType("256");
            encryption.setPassword(passphrase);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "test@example", encryption, out);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /**
     * The traditional PEM form: {@code BEGIN RSA PRIVATE KEY} (PKCS#1) or {@code BEGIN EC PRIVATE KEY}
     * (SEC1); encrypted (Proc-Type header) when {@code passphrase} is not null.
     */
    public static String pem(KeyPair pair, String passphrase) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            if (passphrase == null) {
                writer.writeObject(pair.getPrivate());
            } else {
                writer.writeObject(
                        pair.getPrivate(), new JcePEMEncryptorBuilder("AES-128-CBC").build(passphrase.toCharArray()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** PKCS#8 {@code BEGIN PRIVATE KEY} (as openssl genpkey writes), any key type. */
    public static String pkcs8(KeyPair pair) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    /** PKCS#8 {@code BEGIN ENCRYPTED PRIVATE KEY}. */
    public static String encryptedPkcs8(KeyPair pair, String passphrase) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(
                    pair.getPrivate(),
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                            .setPassword(passphrase.toCharArray())
                            .build()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    /** The key on one line with literal backslash-n sequences, as some UIs and JSON files carry it. */
    public static String escapedNewlines(String key) {
        return key.strip().replace("\n", "\\n");
    }
}
