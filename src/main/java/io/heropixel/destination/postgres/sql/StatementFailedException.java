package io.heropixel.destination.postgres.sql;

import java.sql.SQLException;

/**
 * A statement failed: the server's error, with the statement it ran appended on a line of its own (its
 * text only, never the values bound to it). The SQLSTATE and vendor code are the original's, so callers
 * that look at them see no difference; the first line of the message is the original message.
 */
public final class StatementFailedException extends SQLException {
    private static final long serialVersionUID = 1L;
    /** Long generated statements (hundreds of columns) are cut after this many characters. */
    static final int MAX_STATEMENT_CHARS = 2000;

    private final String statement;

    private StatementFailedException(SQLException cause, String statement) {
        super(
                messageOf(cause) + "\n  Statement: " + shorten(statement),
                cause.getSQLState(),
                cause.getErrorCode(),
                cause);
        this.statement = statement;
    }

    /** {@code failure} naming {@code statement}; a failure that already names its statement is returned as is. */
    public static SQLException of(SQLException failure, String statement) {
        if (failure instanceof StatementFailedException) {
            return failure;
        }
        return new StatementFailedException(failure, statement);
    }

    /** The statement's SQL text (placeholders, no bound values). */
    public String statement() {
        return statement;
    }

    private static String messageOf(SQLException cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String shorten(String statement) {
        return statement.length() <= MAX_STATEMENT_CHARS
                ? statement
                : statement.substring(0, MAX_STATEMENT_CHARS) + " ... (" + statement.length() + " characters)";
    }
}
