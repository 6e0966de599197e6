package io.heropixel.destination.postgres.model;

import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingCitus;
import io.heropixel.destination.postgres.testing.TestingPostgres;

/**
 * Where the histories run: the embedded Postgres (default) or, with {@code -Dmodel.target=citus}
 * ({@code bin/model-test --citus}), the coordinator of a Citus cluster ({@link TestingCitus}), where the
 * connector distributes its final tables. On Citus the generator sends no primary key that is NULL once typed:
 * such a value cannot be stored in a table distributed on the key (the connector stops with a config error,
 * {@code CitusWriteTest}).
 */
final class ModelTarget {
    private ModelTarget() {}

    static boolean citus() {
        return "citus".equals(System.getProperty("model.target", ""));
    }

    static TestDatabase newDatabase() {
        return citus() ? TestingCitus.newDatabase() : TestingPostgres.newDatabase();
    }

    /** Drops a history's database; on the embedded server a database still in use is left for the JVM's end. */
    static void drop(TestDatabase db) {
        if (citus()) {
            TestingCitus.dropDatabase(db);
            return;
        }
        try (java.sql.Connection c =
                        TestingPostgres.server().getPostgresDatabase().getConnection();
                java.sql.Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db.database());
        } catch (java.sql.SQLException e) {
            // still in use: left for the end of the JVM, which throws the server away
        }
    }
}
