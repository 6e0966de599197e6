package io.heropixel.destination.postgres.testing;

import java.sql.Connection;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One fresh database and one open connection shared by all tests of a class:
 * {@code @RegisterExtension static final ClassDatabase DB = new ClassDatabase();} (opened before the
 * first test, the connection closed after the last).
 */
public final class ClassDatabase implements BeforeAllCallback, AfterAllCallback {
    private TestDatabase db;
    private Connection connection;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        db = TestingPostgres.newDatabase();
        connection = db.connect();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        connection.close();
    }

    public TestDatabase db() {
        return db;
    }

    public Connection connection() {
        return connection;
    }
}
