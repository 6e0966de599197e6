package io.heropixel.destination.postgres.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test PKI generated in memory with BouncyCastle: a CA, certificates signed by it, and their keys as PEM
 * in every form the connector accepts (PKCS#1 / PKCS#8, plain / encrypted).
 */
public final class TestingTls {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate with its key pair. */
    public record Issued(X509Certificate certificate, KeyPair keys) {
        public String certificatePem() {
            return pem(certificate);
        }

        /** PKCS#8, unencrypted ("BEGIN PRIVATE KEY"). */
        public String keyPkcs8() {
            try {
                return pem(new JcaPKCS8Generator(keys.getPrivate(), null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** PKCS#8, encrypted ("BEGIN ENCRYPTED PRIVATE KEY"). */
        public String keyPkcs8Encrypted(String password) {
            try {
                return pem(new JcaPKCS8Generator(
                        keys.getPrivate(),
                        new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                                .setProvider(BC)
                                .setPassword(password.toCharArray())
                                .build()));
            } catch (OperatorCreationException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** PKCS#1, unencrypted ("BEGIN RSA PRIVATE KEY"). */
        public String keyPkcs1() {
            return pem(keys.getPrivate());
        }

        /** PKCS#1, encrypted the OpenSSL way (Proc-Type / DEK-Info headers). */
        public String keyPkcs1Encrypted(String password) {
            StringWriter text = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
                writer.writeObject(
                        keys.getPrivate(),
                        new JcePEMEncryptorBuilder("AES-256-CBC")
                                .setProvider(BC)
                                .build(password.toCharArray()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return text.toString();
        }
    }

    private TestingTls() {}

    public static Issued certificateAuthority(String name) {
        KeyPair keys = rsa();
        return new Issued(build(name, keys, name, keys, true, null, null), keys);
    }

    /** A server certificate naming {@code dnsName} in its CN and subjectAltName (DNS only, no IP). */
    public static Issued server(Issued ca, String dnsName) {
        KeyPair keys = rsa();
        return new Issued(
                build(dnsName, keys, subject(ca), ca.keys(), false, dnsName, KeyPurposeId.id_kp_serverAuth), keys);
    }

    /** A client certificate whose CN is the Postgres user name (for "cert" authentication). */
    public static Issued client(Issued ca, String user) {
        KeyPair keys = rsa();
        return new Issued(build(user, keys, subject(ca), ca.keys(), false, null, KeyPurposeId.id_kp_clientAuth), keys);
    }

    private static String subject(Issued ca) {
        return ca.certificate().getSubjectX500Principal().getName().replaceFirst("^CN=", "");
    }

    private static X509Certificate build(
            String cn,
            KeyPair keys,
            String issuerCn,
            KeyPair issuerKeys,
            boolean ca,
            String dnsName,
            KeyPurposeId purpose) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    new X500Name("CN=" + issuerCn),
                    BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(2))),
                    new X500Name("CN=" + cn),
                    keys.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    utils.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(
                        Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            if (dnsName != null) {
                builder.addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("Could not create a test certificate", e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
