package io.heropixel.destination.postgres.model;

import java.util.LinkedHashMap;
import java.util.List;

/** The evolving configuration of one stream of a generated history across syncs. */
final class StreamProfile {
    final HistoryGenerator.PoolStream id;
    LinkedHashMap<String, ColType> columns = new LinkedHashMap<>();
    String mode;
    List<String> primaryKey = List.of("id");
    String cursor = "upd";
    long generation;
    long minimumGeneration;
    int nextKey = 1;

    StreamProfile(HistoryGenerator.PoolStream id) {
        this.id = id;
    }

    String key() {
        return (id.namespace() == null ? "" : id.namespace()) + "/" + id.name();
    }
}
