package io.sphaera.service.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The only SQLite-specific part of the store: opening the database file with the settings that make a commit
 * durable when it returns. Everything else speaks plain SQL through JDBC, so a server database could take over by
 * replacing this class.
 */
final class SqliteConnection {
    /** How long a statement waits for a lock another connection holds (a tool reading the file, say). */
    private static final int BUSY_TIMEOUT_MILLIS = 5_000;

    private SqliteConnection() {}

    private static Connection connect(Path file) throws SQLException {
        java.util.Properties settings = new java.util.Properties();
        // The driver would otherwise run a second statement after every INSERT to fetch a generated key that nothing
        // here asks for (the store makes its own keys).
        settings.setProperty("jdbc.get_generated_keys", "false");
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), settings);
    }

    static Connection open(Path file) throws SQLException {
        Connection connection = connect(file);
        try (Statement s = connection.createStatement()) {
            // WAL: readers never block the writer and a commit is one append; FULL: that append is fsynced before
            // the commit returns, so an acknowledged write survives a power cut, not only a process kill.
            try (ResultSet mode = s.executeQuery("PRAGMA journal_mode=WAL")) {
                String actual = mode.next() ? mode.getString(1) : "";
                if (!"wal".equals(actual.toLowerCase(Locale.ROOT))) {
                    throw new SQLException("the database refused WAL mode (it is in " + actual + " mode)");
                }
            }
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA foreign_keys=ON");
            s.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MILLIS);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        connection.setAutoCommit(false);
        return connection;
    }

    /** A second connection to the same file that may only read; in WAL mode it reads without waiting for the writer. */
    static Connection openReader(Path file) throws SQLException {
        Connection connection = connect(file);
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA query_only=ON");
            s.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MILLIS);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        connection.setAutoCommit(false);
        return connection;
    }
}
