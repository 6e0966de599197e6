package io.heropixel.destination.postgres.bench;

import io.heropixel.destination.postgres.sql.QualifiedName;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Measures the floor Postgres itself sets: a plain COPY of pre-rendered raw rows (rendered before the
 * clock starts) followed by the plain SQL that types them (dedup: deduplicates them) into a final table.
 */
final class FloorRunner {
    private final long seed;
    private final Path workDir;

    FloorRunner(long seed, Path workDir) {
        this.seed = seed;
        this.workDir = workDir;
    }

    /** Seconds spent in the two phases, and the whole machine's CPU time during both. */
    record Result(double copySeconds, double typingSeconds, Optional<MachineCpu.Usage> machineCpu) {
        double totalSeconds() {
            return copySeconds + typingSeconds;
        }
    }

    /** Loads the streams into fresh raw and final tables in schema {@value FloorSql#SCHEMA}. */
    Result load(Target target, List<StreamSpec> streams) throws IOException, SQLException {
        List<Path> files = render(streams, 1);
        try (Connection connection = target.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(FloorSql.dropSchema());
            statement.execute(FloorSql.createSchema());
            for (StreamSpec stream : streams) {
                statement.execute(FloorSql.createRaw(raw(stream)));
                statement.execute(sql(stream).createFinal(FloorSql.table(stream.name())));
            }
            CaseRunner.checkpoint(target);
            Optional<MachineCpu.Sample> cpuBefore = MachineCpu.sample();
            long start = System.nanoTime();
            for (int i = 0; i < streams.size(); i++) {
                copy(connection, FloorSql.copy(raw(streams.get(i))), files.get(i));
            }
            long copied = System.nanoTime();
            for (StreamSpec stream : streams) {
                QualifiedName table = FloorSql.table(stream.name());
                statement.execute(sql(stream).insertTyped(raw(stream), table));
                if (stream.mode() == Mode.DEDUP) {
                    statement.execute(sql(stream).createDedupIndex(table));
                }
            }
            long typed = System.nanoTime();
            return new Result(
                    seconds(copied - start),
                    seconds(typed - copied),
                    MachineCpu.between(cpuBefore, MachineCpu.sample()));
        } finally {
            delete(files);
        }
    }

    /**
     * The floor of a load into final tables only (direct load): the rows already typed (rendered by
     * Postgres itself before the clock starts) copied into a staging table and merged with one
     * {@code DISTINCT ON} into the final table (dedup), or copied straight into the final table (append).
     */
    Result loadTyped(Target target, List<StreamSpec> streams) throws IOException, SQLException {
        List<Path> files = renderTyped(target, streams);
        try (Connection connection = target.connect();
                Statement statement = connection.createStatement()) {
            for (StreamSpec stream : streams) {
                statement.execute(sql(stream).createFinal(FloorSql.table(stream.name())));
                if (stream.mode() == Mode.DEDUP) {
                    statement.execute(sql(stream).createFinal(staging(stream)));
                }
            }
            CaseRunner.checkpoint(target);
            Optional<MachineCpu.Sample> cpuBefore = MachineCpu.sample();
            long start = System.nanoTime();
            for (int i = 0; i < streams.size(); i++) {
                StreamSpec stream = streams.get(i);
                QualifiedName into = stream.mode() == Mode.DEDUP ? staging(stream) : FloorSql.table(stream.name());
                copy(connection, sql(stream).copyTyped(into), files.get(i));
            }
            long copied = System.nanoTime();
            for (StreamSpec stream : streams) {
                if (stream.mode() == Mode.DEDUP) {
                    QualifiedName table = FloorSql.table(stream.name());
                    statement.execute(sql(stream).insertLatest(staging(stream), table));
                    statement.execute(sql(stream).createDedupIndex(table));
                }
            }
            long merged = System.nanoTime();
            return new Result(
                    seconds(copied - start),
                    seconds(merged - copied),
                    MachineCpu.between(cpuBefore, MachineCpu.sample()));
        } finally {
            delete(files);
        }
    }

    /** Typed rows of every stream in COPY text files, from raw tables loaded and dropped again. */
    private List<Path> renderTyped(Target target, List<StreamSpec> streams) throws IOException, SQLException {
        List<Path> rawFiles = render(streams, 1);
        List<Path> typedFiles = new ArrayList<>();
        try (Connection connection = target.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(FloorSql.dropSchema());
            statement.execute(FloorSql.createSchema());
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            for (int i = 0; i < streams.size(); i++) {
                StreamSpec stream = streams.get(i);
                statement.execute(FloorSql.createRaw(raw(stream)));
                copy(connection, FloorSql.copy(raw(stream)), rawFiles.get(i));
                Path typed = Files.createTempFile(workDir, "typed-" + stream.name() + "-", ".copy");
                typedFiles.add(typed);
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(typed), 1 << 16)) {
                    copy.copyOut(sql(stream).copyOutTyped(raw(stream)), out);
                }
                statement.execute("DROP TABLE " + raw(stream).quoted());
            }
        } finally {
            delete(rawFiles);
        }
        return typedFiles;
    }

    /**
     * Loads a change set into a final table that {@link #load} filled: COPY into a fresh raw table, then
     * one statement that replaces older rows of the changed keys.
     */
    Result merge(Target target, StreamSpec changes) throws IOException, SQLException {
        List<Path> files = render(List.of(changes), 2);
        QualifiedName raw = FloorSql.table("changes_" + changes.name());
        try (Connection connection = target.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + raw.quoted());
            statement.execute(FloorSql.createRaw(raw));
            CaseRunner.checkpoint(target);
            Optional<MachineCpu.Sample> cpuBefore = MachineCpu.sample();
            long start = System.nanoTime();
            copy(connection, FloorSql.copy(raw), files.get(0));
            long copied = System.nanoTime();
            statement.execute(sql(changes).mergeChanges(raw, FloorSql.table(changes.name())));
            long typed = System.nanoTime();
            return new Result(
                    seconds(copied - start),
                    seconds(typed - copied),
                    MachineCpu.between(cpuBefore, MachineCpu.sample()));
        } finally {
            delete(files);
        }
    }

    private List<Path> render(List<StreamSpec> streams, long syncId) throws IOException {
        RawRowRenderer renderer = new RawRowRenderer(seed, syncId);
        List<Path> files = new ArrayList<>();
        for (StreamSpec stream : streams) {
            Path file = Files.createTempFile(workDir, "raw-" + stream.name() + "-", ".copy");
            files.add(file);
            renderer.render(file, stream);
        }
        return files;
    }

    private static void copy(Connection connection, String copySql, Path file) throws IOException, SQLException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            copy.copyIn(copySql, in, 1 << 16);
        }
    }

    private static QualifiedName staging(StreamSpec stream) {
        return FloorSql.table("staging_" + stream.name());
    }

    private static FloorSql sql(StreamSpec stream) {
        return new FloorSql(stream.shape(), stream.mode());
    }

    private static QualifiedName raw(StreamSpec stream) {
        return FloorSql.table("raw_" + stream.name());
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void delete(List<Path> files) throws IOException {
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
    }
}
