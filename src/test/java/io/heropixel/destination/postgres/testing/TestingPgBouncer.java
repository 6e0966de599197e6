package io.heropixel.destination.postgres.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PgBouncer (the {@code pgbouncer} binary, Debian package {@code pgbouncer}) on a free loopback
 * port in front of a test Postgres server: its ini file and user list are written into a temporary
 * directory, every database name is routed to the server ({@code * = host=... port=...}), pgJDBC's
 * {@code extra_float_digits} startup parameter is ignored (as managed poolers configure it).
 *
 * <p>As a JUnit extension ({@code @RegisterExtension static final TestingPgBouncer BOUNCER =
 * TestingPgBouncer.inFrontOfSharedServer(PoolMode.TRANSACTION, Auth.TRUST)}) it is started before the
 * class's first test, in front of {@link TestingPostgres}' server, and stopped after the last; when
 * {@code pgbouncer} is not installed the class is skipped (a JUnit assumption naming the package).
 */
public final class TestingPgBouncer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private static final Path BINARY = Path.of("/usr/sbin/pgbouncer");

    /** PgBouncer's {@code pool_mode}. */
    public enum PoolMode {
        SESSION,
        TRANSACTION,
        STATEMENT;

        String ini() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The mode named by a system property value such as {@code transaction}. */
        public static PoolMode of(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** How clients log in to PgBouncer. */
    public enum Auth {
        /** {@code auth_type = trust}: the user must be in the user list, no password. */
        TRUST,
        /** {@code auth_type = md5} against a plain-text password in the user list. */
        MD5
    }

    /** The user and password PgBouncer knows (and passes on to the server, which trusts loopback). */
    public static final String USER = "postgres";

    public static final String MD5_PASSWORD = "bouncer-secret";

    /** Ports of the PgBouncers running in this JVM ({@link PoolerRoute} never routes through a second one). */
    private static final Set<Integer> RUNNING = ConcurrentHashMap.newKeySet();

    private final PoolMode mode;
    private final Auth auth;
    private String backendHost;
    private int backendPort;
    private Path directory;
    private Process process;
    private int port;

    private TestingPgBouncer(PoolMode mode, Auth auth) {
        this.mode = requireNonNull(mode, "mode is null");
        this.auth = requireNonNull(auth, "auth is null");
    }

    /** An extension that starts PgBouncer in front of the shared test server for one test class. */
    public static TestingPgBouncer inFrontOfSharedServer(PoolMode mode, Auth auth) {
        return new TestingPgBouncer(mode, auth);
    }

    /** Starts PgBouncer now in front of {@code host:port}; skips the calling test when it is not installed. */
    public static TestingPgBouncer start(String host, int port, PoolMode mode, Auth auth) {
        assumeInstalled();
        TestingPgBouncer bouncer = new TestingPgBouncer(mode, auth);
        bouncer.startProcess(host, port);
        return bouncer;
    }

    static boolean isBouncerPort(int port) {
        return RUNNING.contains(port);
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** A JUnit assumption: the test is skipped, with the reason, when pgbouncer is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(
                installed(),
                "pgbouncer is not installed (" + BINARY + "); install the Debian package 'pgbouncer' to run the"
                        + " connection pooler tests");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        assumeInstalled();
        startProcess("127.0.0.1", TestingPostgres.server().getPort());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public PoolMode mode() {
        return mode;
    }

    public int port() {
        return port;
    }

    /** The same database as {@code direct}, reached through this PgBouncer (with its password for MD5). */
    public TestDatabase through(TestDatabase direct) {
        return new TestDatabase(
                "127.0.0.1", port, direct.database(), USER, auth == Auth.MD5 ? MD5_PASSWORD : direct.password());
    }

    /** A new empty database on the shared server, reached through this PgBouncer. */
    public TestDatabase newDatabase() {
        return through(TestingPostgres.newDatabase());
    }

    private void startProcess(String host, int serverPort) {
        this.backendHost = host;
        this.backendPort = serverPort;
        try {
            directory = Files.createTempDirectory("pgbouncer");
            port = freePort();
            Path users = directory.resolve("userlist.txt");
            writeReadable(users, "\"" + USER + "\" \"" + (auth == Auth.MD5 ? MD5_PASSWORD : "") + "\"\n");
            Path ini = directory.resolve("pgbouncer.ini");
            writeReadable(ini, ini(users));
            // readable by the unprivileged user PgBouncer runs as when the tests run as root
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<String> command = new ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                // pgbouncer refuses to run as root; a user namespace maps it to an unprivileged user
                command.addAll(List.of("unshare", "-U"));
            }
            command.add(BINARY.toString());
            command.add(ini.toString());
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("pgbouncer.log").toFile())
                    .start();
            awaitListening();
            RUNNING.add(port);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Could not start pgbouncer", e);
        }
    }

    private String ini(Path users) {
        return String.join(
                "\n",
                "[databases]",
                "* = host=" + backendHost + " port=" + backendPort,
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                "listen_port = " + port,
                "unix_socket_dir =",
                "auth_type = " + (auth == Auth.MD5 ? "md5" : "trust"),
                "auth_file = " + users,
                "pool_mode = " + mode.ini(),
                "ignore_startup_parameters = extra_float_digits",
                "max_client_conn = 400",
                "default_pool_size = 40",
                "server_login_retry = 1",
                // a query waiting for a server connection (the server is down) fails after 15 s, not 120 s
                "query_wait_timeout = 15",
                "");
    }

    private static void writeReadable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("pgbouncer exited at start: " + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IOException("pgbouncer did not listen on port " + port + " within 20 s: " + log());
    }

    /** PgBouncer's log so far (for assertion messages). */
    public String log() {
        try {
            Path log = directory.resolve("pgbouncer.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        RUNNING.remove(port);
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory
            }
            directory = null;
        }
    }
}
