package io.heropixel.destination.postgres.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A second embedded server (one per test JVM) that accepts SSL connections only: its certificate is for
 * {@code localhost} (DNS name only, so 127.0.0.1 does not match it), signed by {@link #ca()}. pg_hba.conf
 * has {@code hostssl ... cert} for {@link #CERT_USER} and {@code hostssl ... trust} for everyone else;
 * plain connections are rejected. Key files live in a temp directory deleted when the JVM exits.
 */
public final class TestingTlsPostgres {
    /** Logs in with a client certificate whose CN is this name. */
    public static final String CERT_USER = "cert_user";

    private static TestingTlsPostgres instance;

    private final EmbeddedPostgres server;
    private final TestingTls.Issued ca;

    private TestingTlsPostgres(EmbeddedPostgres server, TestingTls.Issued ca) {
        this.server = server;
        this.ca = ca;
    }

    public static synchronized TestingTlsPostgres get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    /** The CA that signed the server certificate; sign client certificates with it too. */
    public TestingTls.Issued ca() {
        return ca;
    }

    public int port() {
        return server.getPort();
    }

    /** A new empty database on the TLS server, owned by {@link #CERT_USER}; logs in as the superuser (trusted over SSL). */
    public TestDatabase newDatabase() {
        String name = "tls_"
                + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
                        .toLowerCase(Locale.ROOT);
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " OWNER " + CERT_USER);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return new TestDatabase("localhost", server.getPort(), name, "postgres", "");
    }

    private static TestingTlsPostgres start() {
        try {
            Path dir = Files.createTempDirectory("tls-postgres");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            TestingTls.Issued ca = TestingTls.certificateAuthority("Test Root CA");
            TestingTls.Issued serverCert = TestingTls.server(ca, "localhost");
            Path cert = write(dir.resolve("server.crt"), serverCert.certificatePem());
            Path key = write(dir.resolve("server.key"), serverCert.keyPkcs8());
            Path caFile = write(dir.resolve("root.crt"), ca.certificatePem());
            Path hba = write(
                    dir.resolve("pg_hba.conf"),
                    "local all all trust\n"
                            + "hostssl all " + CERT_USER + " all cert\n"
                            + "hostssl all all all trust\n");
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setServerConfig("ssl", "on")
                    .setServerConfig("ssl_cert_file", cert.toString())
                    .setServerConfig("ssl_key_file", key.toString())
                    .setServerConfig("ssl_ca_file", caFile.toString())
                    .setServerConfig("hba_file", hba.toString())
                    .setServerConfig("fsync", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // exiting
                }
            }));
            try (Connection connection = server.getPostgresDatabase().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE ROLE " + CERT_USER + " LOGIN");
            }
            return new TestingTlsPostgres(server, ca);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the TLS test server", e);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the TLS test server", e);
        }
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }
}
