package io.heropixel.destination.postgres.error;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Classifies any throwable once into a {@link ClassifiedError}. A {@link ConnectorException} keeps its
 * own category and message; Postgres errors are recognised by SQLSTATE; network failures by their
 * cause. Connection failures are config errors while checking (the user must fix the settings) and
 * transient while writing (a retry may help). Anything else is a system error.
 */
public final class ErrorClassifier {
    public static final String SYSTEM_MESSAGE = "Something went wrong in the connector. See the logs for more details.";

    /** Separates the exceptions of a chain in an internal message. */
    public static final String CAUSED_BY = " <- caused by: ";

    private static final Set<String> TRANSIENT_STATES = Set.of(
            SqlStates.ADMIN_SHUTDOWN,
            SqlStates.CRASH_SHUTDOWN,
            SqlStates.CANNOT_CONNECT_NOW,
            SqlStates.SERIALIZATION_FAILURE,
            SqlStates.DEADLOCK_DETECTED,
            SqlStates.LOCK_NOT_AVAILABLE,
            SqlStates.TOO_MANY_CONNECTIONS,
            SqlStates.QUERY_CANCELED,
            SqlStates.DISK_FULL,
            SqlStates.OUT_OF_MEMORY);

    /** The operation that failed: it decides whether a connection failure is config or transient. */
    public enum Phase {
        CHECK,
        WRITE
    }

    private final Phase phase;
    private final LoginContext login;
    private final Secrets secrets;

    /**
     * @param login who/where the connector connected to, for messages; {@link LoginContext#UNKNOWN} if not known
     * @param secrets the run's secrets, masked in both texts of every classified error
     */
    public ErrorClassifier(Phase phase, LoginContext login, Secrets secrets) {
        this.phase = phase;
        this.login = login;
        this.secrets = secrets;
    }

    /** A classifier that knows no secret (for the category of a failure, or texts that are redacted later). */
    public ErrorClassifier(Phase phase, LoginContext login) {
        this(phase, login, new Secrets());
    }

    public ClassifiedError classify(Throwable failure) {
        ClassifiedError error = classifyUnredacted(failure);
        return new ClassifiedError(
                error.type(), secrets.redact(error.message()), secrets.redact(error.internalMessage()));
    }

    private ClassifiedError classifyUnredacted(Throwable failure) {
        String internal = describeChain(failure);
        for (Throwable t : chain(failure)) {
            if (t instanceof ConnectorException e) {
                return new ClassifiedError(e.failureType(), e.messageFor(this), internal);
            }
        }
        ClassifiedError byState = bySqlState(failure, internal);
        if (byState != null) {
            return byState;
        }
        ClassifiedError byNetwork = byNetwork(failure, internal);
        if (byNetwork != null) {
            return byNetwork;
        }
        return new ClassifiedError(FailureType.SYSTEM, SYSTEM_MESSAGE, internal);
    }

    private ClassifiedError bySqlState(Throwable failure, String internal) {
        for (Throwable t : chain(failure)) {
            if (!(t instanceof SQLException sql) || sql.getSQLState() == null) {
                continue;
            }
            String state = sql.getSQLState();
            String server = serverMessage(sql);
            ClassifiedError refused = byLoginState(state, server, internal);
            if (refused != null) {
                return refused;
            }
            if (SqlStates.NULL_VALUE_NOT_ALLOWED.equals(state) && server.contains("the partition column of table")) {
                // Citus: a row typed while loading has no value in the column its table is distributed on
                return config(
                        "A record has no value (NULL) in the column on which Citus distributes the table (" + server
                                + "), and Citus cannot store such a row. Send a value in that column for every record"
                                + " (the connector distributes a dedup stream's final and staging tables on its first"
                                + " primary-key column), or keep the final table on the coordinator: run SELECT"
                                + " undistribute_table('<final table>') (or set citus_distribution to \"off\" before"
                                + " the table is created).",
                        internal);
            }
            if (TRANSIENT_STATES.contains(state)) {
                return new ClassifiedError(
                        FailureType.TRANSIENT,
                        "Postgres reported a temporary problem (SQLSTATE " + state + "): " + server
                                + ". Retrying the sync may succeed.",
                        internal);
            }
            if (server.contains("could not be verified by hostnameverifier")) {
                return config(
                        "The server certificate of " + login.hostAndPort() + " does not name the host '"
                                + login.host() + "' (ssl_mode verify-full checks the host name). Set host to a name the"
                                + " certificate lists (its CN or subjectAltName), or use ssl_mode verify-ca.",
                        internal);
            }
            if (server.contains("does not support SSL")) {
                return config(
                        "The server at " + login.hostAndPort() + " does not accept SSL connections, but"
                                + " ssl_mode requires encryption. Enable SSL on the server, or choose ssl_mode disable or"
                                + " prefer (not allowed in strict encryption mode).",
                        internal);
            }
            if (state.startsWith("08")) {
                ClassifiedError network = byNetwork(failure, internal);
                if (network != null) {
                    return network;
                }
                if (server.contains("timed out")) {
                    return timeout(internal);
                }
                return connection(
                        "The connection to Postgres at " + login.hostAndPort() + " failed: " + server
                                + ". Check host, port and ssl_mode, and that the server is running.",
                        internal);
            }
        }
        return null;
    }

    /** The states of a refused login: password, authorisation, database, privilege. */
    private ClassifiedError byLoginState(String state, String server, String internal) {
        switch (state) {
            case SqlStates.INVALID_PASSWORD:
                return config(
                        "Postgres rejected the password for user '" + login.username() + "'. Check the"
                                + " username and password fields.",
                        internal);
            case SqlStates.INVALID_AUTHORIZATION:
                return config(
                        "Postgres refused the login of user '" + login.username() + "' to database '"
                                + login.database() + "': " + server + ". Check that the role exists and may log in,"
                                + " and that pg_hba.conf has an entry for this host, user, database and SSL setting"
                                + " (a 'hostssl' entry needs an ssl_mode other than disable).",
                        internal);
            case SqlStates.INVALID_CATALOG_NAME:
                return config(
                        "The database '" + login.database() + "' does not exist on " + login.hostAndPort()
                                + ". Create it (CREATE DATABASE ...) or correct the database field.",
                        internal);
            case SqlStates.INSUFFICIENT_PRIVILEGE:
                return config(PrivilegeAdvice.message(server, login), internal);
            default:
                return null;
        }
    }

    private ClassifiedError byNetwork(Throwable failure, String internal) {
        for (Throwable t : chain(failure)) {
            if (t instanceof UnknownHostException) {
                return connection(
                        "The host name '" + login.host() + "' could not be resolved (unknown host)."
                                + " Check the host field and the DNS settings of the machine running the connector.",
                        internal);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return connection(
                        "Could not connect to Postgres at " + login.hostAndPort() + ": the connection was"
                                + " refused or the host is unreachable. Check host and port, that the server is running and"
                                + " accepts TCP/IP connections, and that no firewall blocks the port.",
                        internal);
            }
            if (t instanceof SocketTimeoutException) {
                return timeout(internal);
            }
            if (t instanceof SSLException) {
                return config(
                        "The SSL connection to Postgres at " + login.hostAndPort() + " failed: "
                                + t.getMessage() + ". Check ssl_mode and its certificates: the CA certificate must have"
                                + " signed the server's certificate, and verify-full needs a host name that the"
                                + " certificate names.",
                        internal);
            }
        }
        return null;
    }

    private ClassifiedError timeout(String internal) {
        return connection(
                "Connecting to Postgres at " + login.hostAndPort() + " timed out. Check host and port and"
                        + " that no firewall silently drops the connection; increase connectTimeout in jdbc_url_params if"
                        + " the server is slow to answer.",
                internal);
    }

    private ClassifiedError config(String message, String internal) {
        return new ClassifiedError(FailureType.CONFIG, message, internal);
    }

    private ClassifiedError connection(String message, String internal) {
        return new ClassifiedError(
                phase == Phase.CHECK ? FailureType.CONFIG : FailureType.TRANSIENT, message, internal);
    }

    /** The server's own message without pgJDBC's "ERROR: "/"FATAL: " prefix and detail lines. */
    static String serverMessage(SQLException e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = text.indexOf('\n');
        if (newline >= 0) {
            text = text.substring(0, newline);
        }
        text = text.replaceFirst("^(ERROR|FATAL|PANIC): ", "").trim();
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
            if (t instanceof SQLException sql && sql.getNextException() != null && t.getCause() == null) {
                chain.add(sql.getNextException());
            }
        }
        return chain;
    }

    /** Every exception of the chain as "Class: message", for the internal message. */
    static String describeChain(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t : chain(failure)) {
            if (text.length() > 0) {
                text.append(CAUSED_BY);
            }
            text.append(t);
        }
        return text.toString();
    }
}
