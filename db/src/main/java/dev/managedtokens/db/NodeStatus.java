package dev.managedtokens.db;

import java.time.Instant;

/**
 * What the database knows about pushes of one service to one node.
 *
 * @param node                 the node name as written
 * @param pushErrorCount       the consecutive push-error count ({@code push_errors}), 0 when there is no row
 * @param lastAttempt          when the last recorded push ended, null when none was recorded (e.g. a Go-written file)
 * @param lastAttemptSucceeded whether that push succeeded; false when there is none
 * @param lastSuccess          when the last successful push ended, null when none was recorded
 */
public record NodeStatus(
        String node, int pushErrorCount, Instant lastAttempt, boolean lastAttemptSucceeded, Instant lastSuccess) {}
