/**
 * The SQLite file shared with the Go service (fermitools/managed-tokens v0.17.1); entry point
 * {@link dev.managedtokens.db.ManagedTokensDatabase}.
 *
 * <h2>Same file as the Go service</h2>
 * application_id 1571300691, user_version 1, rollback journal in {@code delete} mode, busy timeout 5 s, synchronous
 * NORMAL, foreign keys on; the five tables created with the Go migration's exact text (resource
 * {@code initial-version.sql}), so {@code sqlite_master} is identical; the Go service's statements for lookups, upserts
 * and reads. A file is created only when its path does not exist.
 *
 * <h2>What a Go-written file can contain</h2>
 * Names ({@code uids.username}, {@code services.name}, {@code nodes.name}) are declared {@code STRING}, which SQLite
 * gives NUMERIC affinity. A name that is a well-formed number is stored as one: {@code '007'}, {@code '+7'},
 * {@code '7.'} and {@code ' 7 '} all become the integer 7 (one row: the Go service cannot hold two of them),
 * {@code '1e3'} becomes 1000, {@code '3.0'} becomes 3, {@code '1.5'} the real 1.5, and an integer too large for 64 bits
 * a real with 15-17 significant digits. {@code '0x10'}, {@code '131.225.1.1'}, {@code 'dune_production'} stay text.
 * Service names are configNames ({@code <experiment>_<role>}) and always stay text; account and node names may not.
 * The Go service writes names as text and never as blobs; counts and UIDs are integers; {@code setup_errors} and
 * {@code push_errors} may hold orphan rows with a NULL id (never read). Files of v0.4-v0.7 have user_version 0 and only
 * {@code uids}, without {@code UNIQUE} on {@code uid}; the Go service may have left them at user_version 1 that way.
 *
 * <h2>Where we deliberately differ</h2>
 * <ul>
 *   <li>A file's identity is checked from its header before SQLite opens it for writing; a foreign, empty or non-SQLite
 *       file, a directory or a device is refused with a one-line message and never modified.</li>
 *   <li>Migrations run in one transaction, and the first migration creates only missing tables, so older files get
 *       all five tables instead of failing once and then running without four of them.</li>
 *   <li>A failed creation reports its real cause; a failed write batch is rolled back, never left open holding the
 *       lock; writes take the lock with {@code BEGIN IMMEDIATE} so they wait for the other process.</li>
 *   <li>Error counts of names not registered in {@code services}/{@code nodes} are not written (no orphan rows) and
 *       are returned to the caller.</li>
 *   <li>UID batches: conflicts are reported per account while the rest of the batch is written; swaps inside the
 *       batch are resolved ({@link dev.managedtokens.db.UidUpsertReport}).</li>
 *   <li>Names read back exactly as written, whatever their storage class, through our table
 *       {@code ext_name_spellings}; a numeric name the Go service wrote reads back as SQLite's text of the number.</li>
 *   <li>Our push history lives in {@code ext_push_history}. Tables of ours are created if absent and never alter the
 *       Go tables or user_version. The Go service's per-batch 10 s deadline is not reproduced: statements are single
 *       short ones and a lock is waited for at most the busy timeout.</li>
 * </ul>
 */
package dev.managedtokens.db;
