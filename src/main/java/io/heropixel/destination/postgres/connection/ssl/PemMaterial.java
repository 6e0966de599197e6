package io.heropixel.destination.postgres.connection.ssl;

import io.heropixel.destination.postgres.error.ConfigException;
import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMDecryptorProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Parses PEM texts from the config (certificates; private keys in PKCS#1 or PKCS#8, plain or encrypted)
 * with BouncyCastle, in memory. Errors name the config field, never the content.
 */
final class PemMaterial {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private PemMaterial() {}

    static List<X509Certificate> certificates(String pem, String field) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new ConfigException(
                    field + " is not a valid PEM certificate (" + e.getClass().getSimpleName()
                            + "). Paste the whole text, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.");
        }
        if (certificates.isEmpty()) {
            throw new ConfigException(field + " holds no PEM certificate. Paste the whole text, from"
                    + " -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.");
        }
        return certificates;
    }

    static PrivateKey privateKey(String pem, String password, String field) {
        Object object;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            object = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw notAKey(field);
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BC);
        try {
            if (object instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMEncryptedKeyPair encrypted) {
                PEMDecryptorProvider decryptor =
                        new JcePEMDecryptorProviderBuilder().setProvider(BC).build(password(password, field));
                return converter.getPrivateKey(
                        encrypted.decryptKeyPair(decryptor).getPrivateKeyInfo());
            }
            if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                InputDecryptorProvider decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder()
                        .setProvider(BC)
                        .build(password(password, field));
                return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(decryptor));
            }
        } catch (IOException | OperatorCreationException | PKCSException | RuntimeException e) {
            if (e instanceof ConfigException config) {
                throw config;
            }
            throw new ConfigException(field + " could not be decrypted with ssl_mode.client_key_password ("
                    + e.getClass().getSimpleName() + "). Check the password, or give the key unencrypted.");
        }
        throw notAKey(field);
    }

    private static char[] password(String password, String field) {
        if (password.isEmpty()) {
            throw new ConfigException(field + " is encrypted: set ssl_mode.client_key_password to its password.");
        }
        return password.toCharArray();
    }

    private static ConfigException notAKey(String field) {
        return new ConfigException(field + " is not a PEM private key. Paste the whole key, from -----BEGIN ..."
                + " PRIVATE KEY----- to -----END ... PRIVATE KEY----- (PKCS#1 or PKCS#8, encrypted or not).");
    }
}
