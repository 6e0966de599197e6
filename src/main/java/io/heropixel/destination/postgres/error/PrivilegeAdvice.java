package io.heropixel.destination.postgres.error;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a Postgres "permission denied" message into the exact GRANT the user should run. */
final class PrivilegeAdvice {
    private static final Pattern DENIED =
            Pattern.compile("permission denied for (database|schema|table|relation|sequence|view) (\"?)(.+?)\\2$");
    private static final Pattern OWNER = Pattern.compile("must be owner of (table|relation|schema|view) (.+)$");

    private PrivilegeAdvice() {}

    static String message(String server, LoginContext login) {
        String user = ident(login.username());
        Matcher denied = DENIED.matcher(server);
        if (denied.find()) {
            String kind = denied.group(1);
            String object = denied.group(3);
            String grant =
                    switch (kind) {
                        case "database" -> "GRANT CREATE ON DATABASE " + ident(object) + " TO " + user + ";";
                        case "schema" -> "GRANT USAGE, CREATE ON SCHEMA " + ident(object) + " TO " + user + ";";
                        case "sequence" -> "GRANT USAGE, SELECT ON SEQUENCE " + ident(object) + " TO " + user + ";";
                        default ->
                            "GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLE " + ident(object) + " TO " + user
                                    + ";";
                    };
            return "The user '" + login.username() + "' lacks a privilege: " + server + ". Ask a database"
                    + " administrator to run: " + grant;
        }
        Matcher owner = OWNER.matcher(server);
        if (owner.find()) {
            return "The user '" + login.username() + "' must own the object to change it: " + server + ". Ask its"
                    + " owner or an administrator to run: ALTER "
                    + ("relation".equals(owner.group(1))
                            ? "TABLE"
                            : owner.group(1).toUpperCase(java.util.Locale.ROOT)) + " " + owner.group(2)
                    + " OWNER TO " + user + "; (or drop it).";
        }
        return "The user '" + login.username() + "' lacks a privilege: " + server + ". Ask a database administrator"
                + " to grant it, for example: GRANT CREATE ON DATABASE " + ident(login.database()) + " TO "
                + user + ";";
    }

    /** An identifier as it must be typed in SQL: bare when it is a plain lower-case name, else quoted. */
    static String ident(String name) {
        if (name.matches("[a-z_][a-z0-9_$]*")) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
