package io.heropixel.destination.postgres.sync;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.catalog.StreamDescriptor;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.load.LoadAbortedException;
import io.heropixel.destination.postgres.load.LoadFailedException;
import io.heropixel.destination.postgres.load.LoadFormat;
import io.heropixel.destination.postgres.load.LoadSettings;
import io.heropixel.destination.postgres.load.LoaderPool;
import io.heropixel.destination.postgres.load.StreamLoader;
import io.heropixel.destination.postgres.protocol.InputErrors;
import io.heropixel.destination.postgres.protocol.InputMessage;
import io.heropixel.destination.postgres.protocol.MessageReader;
import io.heropixel.destination.postgres.protocol.ProtocolWriter;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.Sql;
import io.heropixel.destination.postgres.table.CitusTables;
import io.heropixel.destination.postgres.table.Schemas;
import io.heropixel.destination.postgres.typing.TypingResult;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code write} command's work: prepare every stream's tables, stream stdin's records into the raw
 * tables, echo STATEs once their records are committed, then type and finalise each stream. See
 * docs/write-path.md for the guarantees.
 */
public final class WriteOperation {
    private static final Logger LOG = LoggerFactory.getLogger(WriteOperation.class);

    /** Opens autocommit connections to the destination. */
    public interface Connections {
        Connection open() throws SQLException;
    }

    private final ProtocolWriter protocol;
    private final Connections connections;
    private final List<StreamPlan> plans;
    private final TableOperations tables;
    private final boolean typingEnabled;
    private final boolean dropCascade;
    private final LoadSettings settings;
    private Duration progressInterval = Duration.ofSeconds(10);

    /** @param protocol where STATEs are echoed and progress is reported (the run's stdout) */
    public WriteOperation(
            ProtocolWriter protocol,
            Connections connections,
            List<StreamPlan> plans,
            TableOperations tables,
            boolean typingEnabled,
            boolean dropCascade,
            LoadSettings settings) {
        this.protocol = requireNonNull(protocol, "protocol is null");
        this.connections = requireNonNull(connections, "connections is null");
        this.plans = List.copyOf(plans);
        this.tables = requireNonNull(tables, "tables is null");
        this.typingEnabled = typingEnabled;
        this.dropCascade = dropCascade;
        this.settings = requireNonNull(settings, "settings is null");
    }

    public WriteOperation progressInterval(Duration interval) {
        this.progressInterval = requireNonNull(interval, "interval is null");
        return this;
    }

    public WriteResult run(InputStream stdin) throws Exception {
        List<Connection> open = new ArrayList<>();
        Connection lockConnection = null;
        try {
            lockConnection = connections.open();
            open.add(lockConnection);
            AdvisoryLocks.acquire(
                    lockConnection,
                    plans.stream().map(StreamPlan::namedRawTable).toList());
            List<Connection> workers = openConnections(Math.max(1, Math.min(settings.workers(), plans.size())), open);
            // not on the lock connection: its transaction stays open until the end, so the schemas would
            // stay invisible to the other connections
            createSchemas(workers.get(0));
            List<StreamRun> runs = setup(workers, CitusTables.installed(workers.get(0)));
            List<Connection> typedWorkers = runs.stream().anyMatch(run -> run.loader.typesWhileLoading())
                    ? openConnections(workers.size(), open)
                    : List.of();
            StateManager states = new StateManager(runs.size(), protocol);
            MessageReader reader = new MessageReader(stdin);
            LoaderPool pool = new LoaderPool(
                    runs.stream().map(r -> r.loader).toList(),
                    settings,
                    new LoadEvents(runs, states, tables, settings.typingInterval()));
            try (ProgressReporter progress = new ProgressReporter(
                    protocol, runs, states, reader::bytesRead, pool::queuedBytes, progressInterval)) {
                progress.phase("load");
                long now = System.nanoTime();
                runs.forEach(run -> run.lastTypedNanos(now));
                pool.start(workers, typedWorkers);
                Completion completion =
                        new Completion(plans.stream().map(StreamPlan::stream).toList());
                read(reader, runs, states, pool, progress, completion);
                pool.finish();
                progress.phase("finalise");
                AdvisoryLocks.verify(lockConnection);
                List<StreamRun> incomplete = completion.incomplete(runs);
                if (!incomplete.isEmpty()) {
                    progress.warn(completion.incompleteNotice(incomplete));
                }
                StreamFinisher finisher = new StreamFinisher(tables, typingEnabled, connections, 1_000);
                ParallelTasks.run(
                        "finalise",
                        workers,
                        runs,
                        (connection, run) -> finisher.finish(connection, run, !incomplete.contains(run)));
                progress.summary();
                return result(runs, states, incomplete);
            }
        } finally {
            if (lockConnection != null) {
                AdvisoryLocks.release(lockConnection);
            }
            for (Connection connection : open) {
                closeQuietly(connection);
            }
        }
    }

    /** Opens {@code count} connections, each also added to {@code open} (closed at the end of the write). */
    private List<Connection> openConnections(int count, List<Connection> open) throws SQLException {
        List<Connection> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Connection connection = connections.open();
            open.add(connection);
            opened.add(connection);
        }
        return opened;
    }

    /** Creates every schema once, before the parallel setup (concurrent CREATE SCHEMA can collide). */
    private void createSchemas(Connection connection) {
        Set<Identifier> schemas = new LinkedHashSet<>();
        for (StreamPlan plan : plans) {
            schemas.add(plan.rawTable().schema());
            if (typingEnabled) {
                schemas.add(plan.finalTable().schema());
            }
        }
        for (Identifier schema : schemas) {
            try {
                Schemas.ensure(connection, schema);
            } catch (SQLException e) {
                throw LoadFailedException.of("creating the schema " + schema, e);
            }
        }
    }

    /**
     * Prepares every stream's tables, in parallel on the workers' connections. Without Citus, each stream's
     * setup is one transaction (one commit, not one per table); Citus needs its settings at the start of the
     * transactions that change distributed tables, so there each step keeps its own.
     */
    private List<StreamRun> setup(List<Connection> workers, boolean citus) throws Exception {
        StreamSetup setup = new StreamSetup(tables, typingEnabled, dropCascade);
        StreamRun[] runs = new StreamRun[plans.size()];
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            indexes.add(i);
        }
        ParallelTasks.run("setup", workers, indexes, (connection, i) -> {
            StreamPlan plan = plans.get(i);
            long start = System.nanoTime();
            StreamTargets targets;
            LoadFormat format;
            try {
                if (citus) {
                    targets = setup.prepare(connection, plan);
                    format = tables.prepareLoad(connection, plan, targets.rawTarget(), targets.finalTarget());
                } else {
                    StreamTargets[] prepared = new StreamTargets[1];
                    format = Sql.inOneTransaction(connection, () -> {
                        prepared[0] = setup.prepare(connection, plan);
                        return tables.prepareLoad(connection, plan, prepared[0].rawTarget(), prepared[0].finalTarget());
                    });
                    targets = prepared[0];
                }
            } catch (SQLException e) {
                throw LoadFailedException.of("preparing the tables of stream '" + plan.descriptor() + "'", e);
            }
            StreamLoader loader = new StreamLoader(
                    i,
                    plan.descriptor(),
                    targets.rawTarget(),
                    plan.stream().syncId(),
                    plan.stream().generationId(),
                    format);
            runs[i] = new StreamRun(i, plan, targets, loader);
            runs[i].setupNanos(System.nanoTime() - start);
        });
        return List.of(runs);
    }

    /** Reads stdin to the end, telling {@code completion} about the statuses. */
    private void read(
            MessageReader reader,
            List<StreamRun> runs,
            StateManager states,
            LoaderPool pool,
            ProgressReporter progress,
            Completion completion)
            throws Exception {
        Map<StreamDescriptor, StreamRun> byStream = new HashMap<>();
        runs.forEach(run -> byStream.put(run.descriptor(), run));
        long records = 0;
        try {
            InputMessage message;
            while (!pool.failed() && (message = reader.next()) != null) {
                if (message instanceof InputMessage.Record record) {
                    StreamRun run = byStream.get(record.stream());
                    if (run == null) {
                        throw InputErrors.at(
                                record.lineNumber(),
                                record.stream(),
                                record.line(),
                                "the record's stream is not in the configured catalog.",
                                "Send records only for the catalog's streams (namespace and name must match;"
                                        + " a missing namespace means a catalog stream without namespace).");
                    }
                    if (run.firstRecordAfterTerminalStatus()) {
                        LOG.warn(
                                "Stream {}: records arrive after its {} status; loading them anyway",
                                run.descriptor(),
                                run.status());
                    }
                    states.recordReceived(run.index);
                    pool.submit(run.loader, record);
                    progress.recordsRead(++records);
                } else if (message instanceof InputMessage.State state) {
                    int index =
                            state.stream().map(byStream::get).map(r -> r.index).orElse(-1);
                    states.stateReceived(state, index);
                } else if (message instanceof InputMessage.StreamStatus status) {
                    completion.statusReceived();
                    StreamRun run = byStream.get(status.stream());
                    if (run == null) {
                        LOG.warn(
                                "Ignoring the status {} of stream {}, which is not in the catalog",
                                status.status(),
                                status.stream());
                    } else {
                        run.status(status.status());
                    }
                }
            }
        } catch (LoadAbortedException e) {
            // A loader failed while the reader waited for it: pool.finish() reports that failure.
            return;
        } catch (Throwable e) {
            states.fail();
            pool.abort(e);
            throw e;
        }
    }

    private static WriteResult result(List<StreamRun> runs, StateManager states, List<StreamRun> incomplete) {
        List<WriteResult.StreamResult> results = new ArrayList<>();
        for (StreamRun run : runs) {
            TypingResult typing = run.typing();
            results.add(new WriteResult.StreamResult(
                    run.descriptor(),
                    states.received(run.index),
                    run.loader.totals().records(),
                    typing.typed(),
                    typing.deleted(),
                    typing.nulled(),
                    !incomplete.contains(run)));
        }
        return new WriteResult(results, states.echoedCount());
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Closing a connection failed: {}", e.getMessage());
        }
    }
}
