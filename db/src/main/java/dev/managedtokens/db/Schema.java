package dev.managedtokens.db;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The file's identity and table names: the Go service's (v0.17.1) and the port's own additions. */
final class Schema {

    /** {@code PRAGMA application_id} of every Managed Tokens database ({@code 0x5da82553}). */
    static final int APPLICATION_ID = 1571300691;

    /** {@code PRAGMA user_version} the Go service's migrations end at; our own tables never change it. */
    static final int SCHEMA_VERSION = 1;

    /** The Go service's tables, in the order its initial migration creates them. */
    static final List<String> GO_TABLES = List.of("uids", "services", "nodes", "setup_errors", "push_errors");

    /**
     * Tables of this port, unknown to the Go service. The {@code ext_} prefix keeps them clear of any name a future
     * Go migration could choose; they are created if absent and the Go service ignores them.
     */
    static final String PUSH_HISTORY = "ext_push_history";

    static final String NAME_SPELLINGS = "ext_name_spellings";

    /** One row per (service, node): the latest push attempt and the latest successful one, as Unix milliseconds. */
    static final String PUSH_HISTORY_DDL = """
            CREATE TABLE ext_push_history (
            service TEXT NOT NULL,
            node TEXT NOT NULL,
            last_attempt_unix_ms INTEGER NOT NULL,
            last_attempt_succeeded INTEGER NOT NULL,
            last_success_unix_ms INTEGER,
            PRIMARY KEY (service, node)
            )""";

    /**
     * The exact text of names that the Go tables' NUMERIC affinity stored as numbers ({@code '007'} becomes 7).
     * {@code stored} has no affinity, so it holds the converted value exactly as the Go table does.
     */
    static final String NAME_SPELLINGS_DDL = """
            CREATE TABLE ext_name_spellings (
            source TEXT NOT NULL,
            stored BLOB NOT NULL,
            spelling TEXT NOT NULL,
            PRIMARY KEY (source, stored)
            )""";

    static final List<String> EXT_TABLES = List.of(PUSH_HISTORY, NAME_SPELLINGS);

    /**
     * The columns our statements read and write, per table. A file whose tables lack one of them was not made by
     * either program (or was edited by hand); it is refused at open, before anything is written to it.
     */
    static final Map<String, Set<String>> COLUMNS = columns();

    private Schema() {}

    /** In the order a report should name them: the Go service's tables first. */
    private static Map<String, Set<String>> columns() {
        Map<String, Set<String>> columns = new LinkedHashMap<>();
        columns.put("uids", Set.of("username", "uid"));
        columns.put("services", Set.of("id", "name"));
        columns.put("nodes", Set.of("id", "name"));
        columns.put("setup_errors", Set.of("service_id", "count"));
        columns.put("push_errors", Set.of("service_id", "node_id", "count"));
        columns.put(
                PUSH_HISTORY,
                Set.of("service", "node", "last_attempt_unix_ms", "last_attempt_succeeded", "last_success_unix_ms"));
        columns.put(NAME_SPELLINGS, Set.of("source", "stored", "spelling"));
        return Collections.unmodifiableMap(columns);
    }

    static String extDdl(String table) {
        return switch (table) {
            case PUSH_HISTORY -> PUSH_HISTORY_DDL;
            case NAME_SPELLINGS -> NAME_SPELLINGS_DDL;
            default -> throw new IllegalArgumentException("not a table of ours: " + table);
        };
    }
}
