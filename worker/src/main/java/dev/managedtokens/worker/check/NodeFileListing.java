package dev.managedtokens.worker.check;

import dev.managedtokens.core.config.NameRules;
import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.worker.Outputs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the owner, mode, size and modification time of a service's token files on one node, over the ssh the push
 * uses (same options, same account, the service's ticket), without writing anything there.
 *
 * <p>One {@code ssh <options> -l <account> -- <node> 'date +%s; stat --printf ... -- <files>'}: {@code rsync
 * --list-only} would read the same directory entries but shows no owner (its {@code --numeric-ids} only changes
 * how a transfer maps owners), and the owner is what tells a token the account can read from one it cannot. The
 * node's own clock ({@code date +%s}) dates the files, so a node whose clock is off does not look stale.
 */
public final class NodeFileListing {

    /** One file as the node sees it. */
    public record NodeFile(String path, int uid, String owner, int mode, long size, long mtimeEpochSecond) {}

    /**
     * @param nodeEpochSecond the node's clock when it listed the files
     * @param files           by path; a path that is absent on the node has no entry
     * @param failure         null when ssh ran and the listing could be read
     */
    public record Result(
            String node, long nodeEpochSecond, Map<String, NodeFile> files, String failure, Duration elapsed) {
        public Result {
            files = files == null ? Map.of() : Map.copyOf(files);
        }

        public boolean succeeded() {
            return failure == null;
        }

        public Optional<NodeFile> file(String path) {
            return Optional.ofNullable(files.get(path));
        }
    }

    /**
     * @param sshArgs     the merged ssh options of the service (as the push's {@code -e} gets them)
     * @param krb5ccname  the service's ticket cache, for GSSAPI
     * @param paths       absolute paths on the node
     */
    public record Request(
            String node,
            String account,
            List<String> sshArgs,
            String krb5ccname,
            List<String> paths,
            Map<String, String> baseEnvironment,
            Duration timeout) {
        public Request {
            sshArgs = List.copyOf(sshArgs);
            paths = List.copyOf(paths);
            baseEnvironment = Map.copyOf(baseEnvironment);
        }
    }

    private final ProcessRunner runner;

    public NodeFileListing(ProcessRunner runner) {
        this.runner = runner;
    }

    public Result list(Request request) {
        long start = System.nanoTime();
        List<String> argv;
        try {
            argv = argv(request);
        } catch (IllegalArgumentException e) {
            return new Result(request.node(), 0, null, e.getMessage(), Duration.ofNanos(System.nanoTime() - start));
        }
        Map<String, String> env = new HashMap<>(request.baseEnvironment());
        if (request.krb5ccname() != null) env.put("KRB5CCNAME", request.krb5ccname());
        CommandResult r = runner.run(Command.of(argv, env, request.timeout()));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (r.timedOut()) {
            return new Result(
                    request.node(),
                    0,
                    null,
                    "ssh " + request.account() + "@" + request.node() + " " + r.describe() + " (the push timeout)",
                    elapsed);
        }
        // ssh reports its own failures as 255; stat's 1 only says that a file is missing, which the listing shows.
        if (r.exitCode() == 255 || r.termination() != dev.managedtokens.core.process.Termination.EXITED) {
            return new Result(
                    request.node(),
                    0,
                    null,
                    "ssh " + request.account() + "@" + request.node() + " failed (" + r.describe() + ")"
                            + Outputs.suffix(Outputs.firstLine(r.stderr())),
                    elapsed);
        }
        return parse(request.node(), r.stdout(), elapsed);
    }

    /**
     * {@code ssh <args> -l <account> -- <node> <command>}. The account is the argument of {@code -l} and the node
     * follows {@code --}, so neither is read as an option; the remote command quotes every path for the node's
     * shell.
     */
    public static List<String> argv(Request request) {
        NameRules.requireNotOption("the account", request.account());
        List<String> argv = new ArrayList<>();
        argv.add("ssh");
        argv.addAll(request.sshArgs());
        argv.add("-l");
        argv.add(request.account());
        argv.add("--");
        argv.add(request.node());
        argv.add(remoteCommand(request.paths()));
        return argv;
    }

    /** {@code LC_ALL=C date +%s; LC_ALL=C stat --printf '%u %U %a %s %Y %n\n' -- '<path>'...}: reads only. */
    static String remoteCommand(List<String> paths) {
        StringBuilder cmd = new StringBuilder("LC_ALL=C date +%s; LC_ALL=C stat --printf '%u %U %a %s %Y %n\\n' --");
        for (String p : paths) {
            cmd.append(' ').append(shellQuote(p));
        }
        return cmd.toString();
    }

    static String shellQuote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    static Result parse(String node, String stdout, Duration elapsed) {
        String[] lines = stdout.split("\n");
        long now;
        try {
            now = Long.parseLong(lines[0].strip());
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return new Result(
                    node,
                    0,
                    null,
                    "unexpected answer from " + node + " (no date): " + Outputs.firstLine(stdout),
                    elapsed);
        }
        Map<String, NodeFile> files = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(" ", 6);
            if (f.length < 6) continue;
            try {
                files.put(
                        f[5],
                        new NodeFile(
                                f[5],
                                Integer.parseInt(f[0]),
                                f[1],
                                Integer.parseInt(f[2], 8),
                                Long.parseLong(f[3]),
                                Long.parseLong(f[4])));
            } catch (NumberFormatException e) {
                // Not a line of ours (a login banner, say): ignored.
            }
        }
        return new Result(node, now, files, null, elapsed);
    }
}
