package io.heropixel.destination.postgres.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One attempt of a sync as the platform runs it: the events it sends, the STREAM_STATUS of each stream at
 * the end ({@code null}: no status at all), whether it is killed (stdin stays open, no status), and the
 * events of the at-least-once window of a killed attempt (committed or not before the kill: each may be
 * in the tables once or not at all; the retry sends them again with a new {@code emitted_at}).
 */
record Attempt(List<Event> events, Map<String, String> statuses, boolean killed, Set<Event> window) {}
