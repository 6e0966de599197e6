package io.heropixel.destination.postgres.load;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/** Collects binary COPY tuples and copies them into a table. */
final class BinaryCopy {
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private int tuples;

    BinaryCopy() {
        data.writeBytes(BinaryRow.HEADER);
    }

    void add(BinaryRow row) {
        try {
            row.writeTo(data);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        tuples++;
    }

    int tuples() {
        return tuples;
    }

    /** Copies the tuples into {@code table} (a quoted name, optionally with a column list). */
    long copyInto(Connection c, String table) throws SQLException, IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        data.writeTo(all);
        all.writeBytes(BinaryRow.TRAILER);
        return c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY " + table + " FROM STDIN (FORMAT binary)", new ByteArrayInputStream(all.toByteArray()));
    }
}
