package dev.managedtokens.tokenpush.check;

import java.util.List;
import java.util.Objects;

/**
 * One link of one service (or a shared link) with its verdict.
 *
 * @param link    which link: {@code setup}, {@code keytab}, {@code kerberos}, {@code pool}, {@code credd},
 *                {@code local}, {@code ping}, {@code node}, or a shared one
 * @param subject what it is about: a path, a host, a credd
 * @param figure  what was found, in a few words (mode, age, how long it took)
 * @param reason  why it is not OK; empty when it is
 * @param advice  what to do about it; empty when OK
 * @param files   the files it looked at, for the JSON and the metric
 */
record LinkResult(
        String link,
        String subject,
        Verdict verdict,
        String figure,
        String reason,
        String advice,
        List<FileState> files) {

    public LinkResult {
        Objects.requireNonNull(verdict, "verdict");
        subject = subject == null ? "" : subject;
        figure = figure == null ? "" : figure;
        reason = reason == null ? "" : reason;
        advice = advice == null ? "" : advice;
        files = List.copyOf(files);
    }

    public static LinkResult ok(String link, String subject, String figure) {
        return new LinkResult(link, subject, Verdict.OK, figure, "", "", List.of());
    }

    public static LinkResult failed(String link, String subject, String reason, String advice) {
        return new LinkResult(link, subject, Verdict.FAIL, "", reason, advice, List.of());
    }

    public static LinkResult warning(String link, String subject, String figure, String reason, String advice) {
        return new LinkResult(link, subject, Verdict.WARN, figure, reason, advice, List.of());
    }

    public static LinkResult skipped(String link, String subject, String why) {
        return new LinkResult(link, subject, Verdict.SKIPPED, "", why, "", List.of());
    }

    public LinkResult withFiles(List<FileState> found) {
        return new LinkResult(link, subject, verdict, figure, reason, advice, found);
    }
}
