package io.heropixel.destination.postgres.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code -Dtest.pooler=transaction} (or {@code session}): the connector configs that {@link
 * TestDatabase#config()} hands out go through a real PgBouncer in that mode, one per test server, started
 * on first use and stopped when the JVM exits. The tests' own assertions still connect directly. Configs
 * for another user than PgBouncer's are left direct.
 */
final class PoolerRoute {
    private static final String PROPERTY = "test.pooler";
    private static final Map<Integer, TestingPgBouncer> BOUNCERS = new HashMap<>();

    private PoolerRoute() {}

    static ObjectNode route(ObjectNode config, TestDatabase db) {
        String requested = System.getProperty(PROPERTY, "").trim();
        if (requested.isEmpty()
                || !TestingPgBouncer.USER.equals(db.user())
                || TestingPgBouncer.isBouncerPort(db.port())) {
            return config;
        }
        if (!TestingPgBouncer.installed()) {
            throw new IllegalStateException(
                    "-D" + PROPERTY + "=" + requested + " needs pgbouncer: install the Debian package 'pgbouncer'");
        }
        TestingPgBouncer bouncer = bouncerFor(db.port(), TestingPgBouncer.PoolMode.of(requested));
        config.put("host", "127.0.0.1");
        config.put("port", bouncer.port());
        return config;
    }

    private static synchronized TestingPgBouncer bouncerFor(int serverPort, TestingPgBouncer.PoolMode mode) {
        return BOUNCERS.computeIfAbsent(serverPort, port -> {
            TestingPgBouncer bouncer = TestingPgBouncer.start("127.0.0.1", port, mode, TestingPgBouncer.Auth.TRUST);
            Runtime.getRuntime().addShutdownHook(new Thread(bouncer::close));
            return bouncer;
        });
    }
}
