package io.heropixel.destination.postgres.connection;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The host and port actually dialled: the database itself, or the local end of an SSH tunnel. */
record Endpoint(String host, int port) {
    Endpoint {
        requireNonNull(host, "host is null");
    }

    /** The JDBC URL; the database name is URL-encoded (pgJDBC decodes it), IPv6 literals are bracketed. */
    String url(String database) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        String db = URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
        return "jdbc:postgresql://" + h + ":" + port + "/" + db;
    }
}
